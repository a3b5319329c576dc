using Cranio.Volumes;

namespace Cranio.IO.Dicom;

/// <summary>
/// Reads CT series from a folder of DICOM Part-10 files: uncompressed little endian (explicit or implicit VR) or
/// deflated explicit VR, single-frame, monochrome, 8 or 16 bits allocated.
/// </summary>
/// <remarks>
/// <para>The folder is scanned recursively. Files without the <c>DICM</c> magic at byte 128 are skipped silently,
/// and so are DICOMDIR files (by name or by Media Storage SOP Class 1.2.840.10008.1.3.10). Headers are read
/// before voxels: listing stops every file at its pixel data.</para>
/// <para>Geometry (PS3.3 C.7.6.2; DICOM patient coordinates are LPS, as the grid's): voxel (i, j, k) is column i,
/// row j of the k-th slice sorted by the projection of Image Position (Patient) on the normal
/// n = row direction × column direction. Direction columns are the row direction (i), the column direction (j)
/// and n (k); spacing is (Pixel Spacing[1], Pixel Spacing[0], mean slice step), since Pixel Spacing lists the
/// row spacing first; the origin is the position of the first sorted slice. Slice Thickness is never used. A
/// tilted-gantry series, whose positions drift in-plane by more than 0.01 mm over the stack, gets the actual
/// slice-to-slice step (normalised) as its k direction, so the direction matrix is not orthogonal. Rejected, with
/// the file and positions named: duplicate positions (closer than 0.01 mm along n), a missing slice (a step over
/// 1.5 times the smallest), uneven spacing (a step off the median step by more than max(0.01 mm, 1 %)), positions
/// off the line of the stack, slices whose orientation, rows, columns or pixel spacing differ from the first, and a
/// single slice.</para>
/// <para>Values: HU = stored · RescaleSlope + RescaleIntercept (defaults 1 and 0); the volume is
/// <c>Volume&lt;short&gt;</c> (int16) when slopes and intercepts are integers and the HU values fit in int16, else
/// <c>Volume&lt;float&gt;</c> (float32). Metadata keys <c>dicom.SeriesInstanceUID</c>, <c>dicom.Modality</c>,
/// <c>dicom.SeriesDescription</c> and <c>dicom.SeriesNumber</c> are set.</para>
/// </remarks>
public static class DicomSeriesReader
{
    private const string DicomDirSopClass = "1.2.840.10008.1.3.10";

    /// <summary>Lists the series of all DICOM files under <paramref name="directory"/>, ordered by series number, then UID.</summary>
    /// <param name="directory">The folder to scan, with its subfolders.</param>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="CranioFormatException">No DICOM file was found, or a file is malformed or lacks its Series Instance UID.</exception>
    public static IReadOnlyList<DicomSeries> ListSeries(string directory) =>
        Group(ReadHeaders(directory)).Select(g => g.Series).ToArray();

    /// <summary>
    /// Reads one series under <paramref name="directory"/> as a volume in HU (int16 or float32, see the remarks of
    /// <see cref="DicomSeriesReader"/>).
    /// </summary>
    /// <param name="directory">The folder to scan, with its subfolders.</param>
    /// <param name="seriesInstanceUid">The series to read; may be null when the folder holds exactly one series.</param>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="CranioFormatException">No DICOM file, several series and no UID (the message lists them), an
    /// unknown UID, or a file or slice stack the reader cannot use; the message names the file and the tag.</exception>
    public static Volume Read(string directory, string? seriesInstanceUid = null)
    {
        var groups = Group(ReadHeaders(directory));
        (DicomSeries Series, DicomSliceHeader[] Headers) chosen;
        if (seriesInstanceUid is null)
        {
            if (groups.Count > 1)
                throw new CranioFormatException(directory, DicomTag.SeriesInstanceUid.ToString(),
                    $"the folder holds {groups.Count} series; pick one with --series <SeriesInstanceUID>:{Describe(groups)}");
            chosen = groups[0];
        }
        else
        {
            chosen = groups.FirstOrDefault(g => g.Series.SeriesInstanceUid == seriesInstanceUid);
            if (chosen.Series is null)
                throw new CranioFormatException(directory, DicomTag.SeriesInstanceUid.ToString(),
                    $"no series with UID {seriesInstanceUid}; the folder holds:{Describe(groups)}");
        }
        return Read(chosen.Series, chosen.Headers);
    }

    /// <summary>Reads a series found by <see cref="ListSeries"/> as a volume in HU (see <see cref="Read(string, string?)"/>).</summary>
    /// <exception cref="CranioFormatException">A file or the slice stack cannot be used; the message names the file and the tag.</exception>
    public static Volume Read(DicomSeries series)
    {
        ArgumentNullException.ThrowIfNull(series);
        var headers = new DicomSliceHeader[series.Files.Count];
        ParallelFiles.For(headers.Length, i => headers[i] = DicomFileParser.ReadHeader(series.Files[i]));
        return Read(series, headers);
    }

    private static Volume Read(DicomSeries series, DicomSliceHeader[] headers)
    {
        var slices = new DicomImageSlice[headers.Length];
        for (int i = 0; i < headers.Length; i++) slices[i] = DicomImageSlice.From(headers[i]);
        (Grid grid, DicomImageSlice[] sorted) = DicomSeriesGeometry.Stack(slices);
        Volume volume = DicomPixelDecoder.Decode(grid, sorted);
        volume.Metadata["dicom.SeriesInstanceUID"] = series.SeriesInstanceUid;
        volume.Metadata["dicom.Modality"] = series.Modality;
        volume.Metadata["dicom.SeriesDescription"] = series.SeriesDescription;
        if (series.SeriesNumber is int number) volume.Metadata["dicom.SeriesNumber"] = number.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return volume;
    }

    private static DicomSliceHeader[] ReadHeaders(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        if (!Directory.Exists(directory)) throw new DirectoryNotFoundException($"{directory}: the DICOM folder does not exist.");
        string[] files = Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .Select(Path.GetFullPath)
            .Where(f => !string.Equals(Path.GetFileName(f), "DICOMDIR", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .ToArray();
        var headers = new DicomSliceHeader?[files.Length];
        ParallelFiles.For(files.Length, i =>
        {
            if (!DicomFileParser.HasMagic(files[i])) return;
            DicomSliceHeader header = DicomFileParser.ReadHeader(files[i]);
            if (header.String(DicomTag.MediaStorageSopClassUid) != DicomDirSopClass) headers[i] = header;
        });
        DicomSliceHeader[] found = headers.OfType<DicomSliceHeader>().ToArray();
        if (found.Length == 0)
            throw new CranioFormatException(directory, "DICOM files",
                $"expected DICOM Part-10 files (with 'DICM' at byte 128), found none among {files.Length} file(s) in the folder and its subfolders");
        return found;
    }

    private static List<(DicomSeries Series, DicomSliceHeader[] Headers)> Group(DicomSliceHeader[] headers) =>
        headers
            .GroupBy(h => h.RequiredString(DicomTag.SeriesInstanceUid), StringComparer.Ordinal)
            .Select(g =>
            {
                DicomSliceHeader[] members = g.ToArray();
                DicomSliceHeader first = members[0];
                var series = new DicomSeries(g.Key,
                    first.String(DicomTag.Modality) ?? "",
                    first.String(DicomTag.SeriesDescription) ?? "",
                    first.Integer(DicomTag.SeriesNumber),
                    members.Length,
                    first.OptionalUInt16(DicomTag.Rows) ?? 0,
                    first.OptionalUInt16(DicomTag.Columns) ?? 0,
                    members.Select(h => h.Path).ToArray());
                return (series, members);
            })
            .OrderBy(s => s.series.SeriesNumber ?? int.MaxValue)
            .ThenBy(s => s.series.SeriesInstanceUid, StringComparer.Ordinal)
            .ToList();

    private static string Describe(IEnumerable<(DicomSeries Series, DicomSliceHeader[] Headers)> groups) =>
        string.Concat(groups.Select(g => $"{Environment.NewLine}  {g.Series}"));
}
