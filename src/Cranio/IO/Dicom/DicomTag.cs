namespace Cranio.IO.Dicom;

/// <summary>
/// A DICOM data element tag (group, element), as in PS3.5 §7.1. Printed as <c>(gggg,eeee)</c> in hexadecimal,
/// followed by the keyword of PS3.6 for the tags this reader knows.
/// </summary>
internal readonly record struct DicomTag(ushort Group, ushort Element)
{
    public static readonly DicomTag FileMetaInformationGroupLength = new(0x0002, 0x0000);
    public static readonly DicomTag MediaStorageSopClassUid = new(0x0002, 0x0002);
    public static readonly DicomTag TransferSyntaxUid = new(0x0002, 0x0010);
    public static readonly DicomTag SpecificCharacterSet = new(0x0008, 0x0005);
    public static readonly DicomTag Modality = new(0x0008, 0x0060);
    public static readonly DicomTag SeriesDescription = new(0x0008, 0x103E);
    public static readonly DicomTag SliceThickness = new(0x0018, 0x0050);
    public static readonly DicomTag SeriesInstanceUid = new(0x0020, 0x000E);
    public static readonly DicomTag SeriesNumber = new(0x0020, 0x0011);
    public static readonly DicomTag InstanceNumber = new(0x0020, 0x0013);
    public static readonly DicomTag ImagePositionPatient = new(0x0020, 0x0032);
    public static readonly DicomTag ImageOrientationPatient = new(0x0020, 0x0037);
    public static readonly DicomTag SamplesPerPixel = new(0x0028, 0x0002);
    public static readonly DicomTag PhotometricInterpretation = new(0x0028, 0x0004);
    public static readonly DicomTag NumberOfFrames = new(0x0028, 0x0008);
    public static readonly DicomTag Rows = new(0x0028, 0x0010);
    public static readonly DicomTag Columns = new(0x0028, 0x0011);
    public static readonly DicomTag PixelSpacing = new(0x0028, 0x0030);
    public static readonly DicomTag BitsAllocated = new(0x0028, 0x0100);
    public static readonly DicomTag BitsStored = new(0x0028, 0x0101);
    public static readonly DicomTag HighBit = new(0x0028, 0x0102);
    public static readonly DicomTag PixelRepresentation = new(0x0028, 0x0103);
    public static readonly DicomTag RescaleIntercept = new(0x0028, 0x1052);
    public static readonly DicomTag RescaleSlope = new(0x0028, 0x1053);
    public static readonly DicomTag PixelData = new(0x7FE0, 0x0010);
    public static readonly DicomTag Item = new(0xFFFE, 0xE000);
    public static readonly DicomTag ItemDelimitationItem = new(0xFFFE, 0xE00D);
    public static readonly DicomTag SequenceDelimitationItem = new(0xFFFE, 0xE0DD);

    /// <summary>
    /// The tags whose values the parser keeps, with their value representation (PS3.6), which implicit VR
    /// files do not carry.
    /// </summary>
    public static readonly IReadOnlyDictionary<DicomTag, (string Keyword, string Vr)> Known = new Dictionary<DicomTag, (string, string)>
    {
        [FileMetaInformationGroupLength] = ("FileMetaInformationGroupLength", "UL"),
        [MediaStorageSopClassUid] = ("MediaStorageSOPClassUID", "UI"),
        [TransferSyntaxUid] = ("TransferSyntaxUID", "UI"),
        [SpecificCharacterSet] = ("SpecificCharacterSet", "CS"),
        [Modality] = ("Modality", "CS"),
        [SeriesDescription] = ("SeriesDescription", "LO"),
        [SliceThickness] = ("SliceThickness", "DS"),
        [SeriesInstanceUid] = ("SeriesInstanceUID", "UI"),
        [SeriesNumber] = ("SeriesNumber", "IS"),
        [InstanceNumber] = ("InstanceNumber", "IS"),
        [ImagePositionPatient] = ("ImagePositionPatient", "DS"),
        [ImageOrientationPatient] = ("ImageOrientationPatient", "DS"),
        [SamplesPerPixel] = ("SamplesPerPixel", "US"),
        [PhotometricInterpretation] = ("PhotometricInterpretation", "CS"),
        [NumberOfFrames] = ("NumberOfFrames", "IS"),
        [Rows] = ("Rows", "US"),
        [Columns] = ("Columns", "US"),
        [PixelSpacing] = ("PixelSpacing", "DS"),
        [BitsAllocated] = ("BitsAllocated", "US"),
        [BitsStored] = ("BitsStored", "US"),
        [HighBit] = ("HighBit", "US"),
        [PixelRepresentation] = ("PixelRepresentation", "US"),
        [RescaleIntercept] = ("RescaleIntercept", "DS"),
        [RescaleSlope] = ("RescaleSlope", "DS"),
        [PixelData] = ("PixelData", "OW"),
    };

    /// <summary>True for the item and delimiter tags of group FFFE, which carry no VR in any transfer syntax.</summary>
    public bool IsDelimiter => Group == 0xFFFE;

    /// <inheritdoc />
    public override string ToString() =>
        Known.TryGetValue(this, out var known) ? $"({Group:X4},{Element:X4}) {known.Keyword}" : $"({Group:X4},{Element:X4})";
}
