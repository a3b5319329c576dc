namespace Cranio.IO.Dicom;

/// <summary>
/// One series found in a folder by <see cref="DicomSeriesReader.ListSeries"/>: the files sharing a Series Instance
/// UID (0020,000E), described by the values of its first file (in path order).
/// </summary>
/// <param name="SeriesInstanceUid">Series Instance UID (0020,000E).</param>
/// <param name="Modality">Modality (0008,0060), for example CT; empty when absent.</param>
/// <param name="SeriesDescription">Series Description (0008,103E); empty when absent.</param>
/// <param name="SeriesNumber">Series Number (0020,0011), or null when absent.</param>
/// <param name="SliceCount">Number of files (slices) in the series.</param>
/// <param name="Rows">Rows (0028,0010) of the first file: voxels along j; 0 when absent.</param>
/// <param name="Columns">Columns (0028,0011) of the first file: voxels along i; 0 when absent.</param>
/// <param name="Files">Full paths of the files, sorted ordinally (not by position).</param>
public sealed record DicomSeries(
    string SeriesInstanceUid, string Modality, string SeriesDescription, int? SeriesNumber,
    int SliceCount, int Rows, int Columns, IReadOnlyList<string> Files)
{
    /// <inheritdoc />
    public override string ToString() =>
        $"{SeriesInstanceUid} (series {SeriesNumber?.ToString() ?? "-"}, {Modality}, '{SeriesDescription}', {SliceCount} slices of {Rows}×{Columns})";
}
