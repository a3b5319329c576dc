using Cranio.Volumes;

namespace Cranio.IO.Dicom;

/// <summary>
/// One validated CT slice: where it is (PS3.3 C.7.6.2, LPS mm), its pixel layout (PS3.3 C.7.6.3) and the
/// rescale to Hounsfield units (PS3.3 C.11.1.1.2). Built from a <see cref="DicomSliceHeader"/> by
/// <see cref="From"/>, which rejects what the reader cannot decode.
/// </summary>
/// <param name="Path">The file.</param>
/// <param name="Position">Image Position (Patient) (0020,0032): centre of the first transmitted voxel, LPS mm.</param>
/// <param name="RowDirection">First vector of Image Orientation (Patient) (0020,0037), normalised: the direction of increasing column index (voxel axis i).</param>
/// <param name="ColumnDirection">Second vector of (0020,0037), normalised: the direction of increasing row index (voxel axis j).</param>
/// <param name="Rows">Rows (0028,0010): voxels along j.</param>
/// <param name="Columns">Columns (0028,0011): voxels along i.</param>
/// <param name="RowSpacing">First value of Pixel Spacing (0028,0030): mm between adjacent rows, i.e. along j.</param>
/// <param name="ColumnSpacing">Second value of (0028,0030): mm between adjacent columns, i.e. along i.</param>
/// <param name="BitsAllocated">Bits Allocated (0028,0100): 8 or 16.</param>
/// <param name="BitsStored">Bits Stored (0028,0101): 1 … BitsAllocated; the stored value is the low BitsStored bits.</param>
/// <param name="Signed">Pixel Representation (0028,0103) = 1: stored values are two's complement.</param>
/// <param name="Slope">Rescale Slope (0028,1053), default 1.</param>
/// <param name="Intercept">Rescale Intercept (0028,1052), default 0. HU = stored · Slope + Intercept.</param>
internal sealed record DicomImageSlice(
    string Path, Vec3 Position, Vec3 RowDirection, Vec3 ColumnDirection, int Rows, int Columns,
    double RowSpacing, double ColumnSpacing, int BitsAllocated, int BitsStored, bool Signed, double Slope, double Intercept)
{
    /// <summary>Bytes of pixel data one slice needs: Rows · Columns · BitsAllocated / 8.</summary>
    public int PixelBytes => Rows * Columns * (BitsAllocated / 8);

    /// <summary>The slice normal, RowDirection × ColumnDirection (unit length).</summary>
    public Vec3 Normal => RowDirection.Cross(ColumnDirection).Normalized();

    /// <summary>Validates <paramref name="header"/> as a single-frame monochrome image with native pixel data.</summary>
    /// <exception cref="CranioFormatException">Something the reader cannot decode; the message names the file and the tag.</exception>
    public static DicomImageSlice From(DicomSliceHeader header)
    {
        if (!header.TransferSyntax.Readable) throw header.TransferSyntax.Unsupported(header.Path);
        if (header.PixelDataLength is null) throw header.Error(DicomTag.PixelData, "missing; the file has no pixel data (not an image?)");

        int samples = header.OptionalUInt16(DicomTag.SamplesPerPixel) ?? 1;
        if (samples != 1) throw header.Error(DicomTag.SamplesPerPixel, $"expected 1 (a monochrome CT image), found {samples}");
        string photometric = header.String(DicomTag.PhotometricInterpretation) ?? "MONOCHROME2";
        if (photometric is not ("MONOCHROME2" or "MONOCHROME1"))
            throw header.Error(DicomTag.PhotometricInterpretation, $"expected MONOCHROME2 or MONOCHROME1, found '{photometric}'");
        int frames = header.Integer(DicomTag.NumberOfFrames) ?? 1;
        if (frames != 1) throw header.Error(DicomTag.NumberOfFrames, $"expected a single-frame image (1), found {frames}; multi-frame files are not supported");

        int rows = header.UInt16(DicomTag.Rows), columns = header.UInt16(DicomTag.Columns);
        if (rows == 0) throw header.Error(DicomTag.Rows, "expected at least 1, found 0");
        if (columns == 0) throw header.Error(DicomTag.Columns, "expected at least 1, found 0");
        int bitsAllocated = header.UInt16(DicomTag.BitsAllocated);
        if (bitsAllocated is not (8 or 16)) throw header.Error(DicomTag.BitsAllocated, $"expected 8 or 16, found {bitsAllocated}");
        int bitsStored = header.OptionalUInt16(DicomTag.BitsStored) ?? bitsAllocated;
        if (bitsStored < 1 || bitsStored > bitsAllocated)
            throw header.Error(DicomTag.BitsStored, $"expected 1 … {bitsAllocated} (Bits Allocated), found {bitsStored}");
        int highBit = header.OptionalUInt16(DicomTag.HighBit) ?? bitsStored - 1;
        if (highBit != bitsStored - 1)
            throw header.Error(DicomTag.HighBit, $"expected Bits Stored − 1 = {bitsStored - 1}, found {highBit}");
        int representation = header.OptionalUInt16(DicomTag.PixelRepresentation) ?? 0;
        if (representation is not (0 or 1)) throw header.Error(DicomTag.PixelRepresentation, $"expected 0 (unsigned) or 1 (signed), found {representation}");

        uint length = header.PixelDataLength.Value;
        long needed = (long)rows * columns * (bitsAllocated / 8);
        if (length == DicomFileParser.UndefinedLength)
            throw header.Error(DicomTag.PixelData, "undefined length (encapsulated, compressed pixel data) in an uncompressed transfer syntax");
        if (length < needed)
            throw header.Error(DicomTag.PixelData, $"expected {needed} bytes ({rows} rows × {columns} columns × {bitsAllocated / 8} bytes), found {length}");

        double[] position = header.Decimals(DicomTag.ImagePositionPatient, 3);
        double[] orientation = header.Decimals(DicomTag.ImageOrientationPatient, 6);
        var row = new Vec3(orientation[0], orientation[1], orientation[2]);
        var column = new Vec3(orientation[3], orientation[4], orientation[5]);
        if (Math.Abs(row.Length - 1) > 0.01 || Math.Abs(column.Length - 1) > 0.01 || Math.Abs(row.Normalized().Dot(column.Normalized())) > 0.01)
            throw header.Error(DicomTag.ImageOrientationPatient, $"expected two orthogonal unit vectors, found row {row} (length {row.Length:0.####}) and column {column} (length {column.Length:0.####})");
        double[] spacing = header.Decimals(DicomTag.PixelSpacing, 2);
        if (!(spacing[0] > 0 && spacing[1] > 0))
            throw header.Error(DicomTag.PixelSpacing, $"expected two positive spacings (row \\ column, mm), found {spacing[0]} \\ {spacing[1]}");
        double slope = header.Decimal(DicomTag.RescaleSlope, 1);
        if (slope == 0) throw header.Error(DicomTag.RescaleSlope, "expected a non-zero slope, found 0");
        double intercept = header.Decimal(DicomTag.RescaleIntercept, 0);

        return new DicomImageSlice(header.Path, new Vec3(position[0], position[1], position[2]), row.Normalized(), column.Normalized(),
            rows, columns, spacing[0], spacing[1], bitsAllocated, bitsStored, representation == 1, slope, intercept);
    }
}
