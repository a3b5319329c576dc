using Cranio.Volumes;

namespace Cranio.IO.Dicom;

/// <summary>
/// Stacks the slices of one series into a <see cref="Grid"/> (PS3.3 C.7.6.2; DICOM patient coordinates are LPS,
/// as the grid's).
/// </summary>
/// <remarks>
/// <para>Voxel axis i runs along the first orientation vector (increasing column index), j along the second
/// (increasing row index), k across slices. Spacing is (column spacing, row spacing, slice step): Pixel Spacing
/// (0028,0030) lists the row spacing first. Slice Thickness (0018,0050) is never used.</para>
/// <para>Slices are sorted by the projection of Image Position (Patient) on the normal n = row × column. The
/// slice step is the mean difference of consecutive projections. With tolerance
/// t = max(<see cref="MinimumTolerance"/>, <see cref="RelativeTolerance"/> · median step) the series is rejected when
/// two projections differ by less than <see cref="MinimumTolerance"/> (duplicates), when a step exceeds 1.5 times
/// the smallest step (a missing slice), when a step differs from the median step by more than t (uneven spacing), or when
/// a position lies farther than t from the line through the first position along k.</para>
/// <para>k is n, unless the positions drift in-plane (a tilted gantry): when the displacement from the first to
/// the last position has an in-plane component longer than <see cref="MinimumTolerance"/>, k is that
/// displacement normalised, the spacing along k is step / (k · n), and the direction matrix is not orthogonal.</para>
/// <para>Every slice must match the first in orientation (each direction cosine within 1e-4), rows, columns and
/// pixel spacing (within 1e-4 relative).</para>
/// </remarks>
internal static class DicomSeriesGeometry
{
    /// <summary>Smallest tolerance on slice positions, mm.</summary>
    public const double MinimumTolerance = 0.01;

    /// <summary>Tolerance on slice positions relative to the slice step.</summary>
    public const double RelativeTolerance = 0.01;

    /// <summary>Sorts <paramref name="slices"/> along the stack and returns the grid they form.</summary>
    /// <exception cref="CranioFormatException">The slices do not form a regular stack; the message names the file and the tag.</exception>
    public static (Grid Grid, DicomImageSlice[] Sorted) Stack(IReadOnlyList<DicomImageSlice> slices)
    {
        if (slices.Count == 0) throw new ArgumentException("A series needs at least one slice.", nameof(slices));
        DicomImageSlice first = slices[0];
        foreach (DicomImageSlice slice in slices) CheckSameLayout(first, slice);
        if (slices.Count < 2)
            throw new CranioFormatException(first.Path, DicomTag.ImagePositionPatient.ToString(),
                "a volume needs at least 2 slices to derive the spacing between them (Slice Thickness is not a spacing); found 1");

        Vec3 normal = first.Normal;
        DicomImageSlice[] sorted = slices.OrderBy(s => s.Position.Dot(normal)).ThenBy(s => s.Path, StringComparer.Ordinal).ToArray();
        int count = sorted.Length;
        var projections = sorted.Select(s => s.Position.Dot(normal)).ToArray();

        double smallest = double.PositiveInfinity;
        for (int m = 0; m + 1 < count; m++)
        {
            double step = projections[m + 1] - projections[m];
            if (step < MinimumTolerance)
                throw PositionError(sorted[m + 1], $"duplicate slice position: {sorted[m].Position} ({sorted[m].Path}) and {sorted[m + 1].Position} lie {step:0.####} mm apart along the normal {normal}");
            smallest = Math.Min(smallest, step);
        }
        double mean = (projections[^1] - projections[0]) / (count - 1);
        var steps = new double[count - 1];
        for (int m = 0; m + 1 < count; m++)
        {
            steps[m] = projections[m + 1] - projections[m];
            if (steps[m] > 1.5 * smallest)
                throw PositionError(sorted[m + 1], $"missing slice: the gap between positions {sorted[m].Position} and {sorted[m + 1].Position} is {steps[m]:0.####} mm, about {steps[m] / smallest:0.#} times the smallest step of {smallest:0.####} mm");
        }
        double median = steps.Order().ElementAt(steps.Length / 2);
        double tolerance = Math.Max(MinimumTolerance, RelativeTolerance * median);
        for (int m = 0; m + 1 < count; m++)
        {
            if (Math.Abs(steps[m] - median) > tolerance)
                throw PositionError(sorted[m + 1], $"uneven slice spacing: the step between positions {sorted[m].Position} and {sorted[m + 1].Position} is {steps[m]:0.####} mm, the median step is {median:0.####} mm (tolerance {tolerance:0.####} mm)");
        }

        Vec3 displacement = sorted[^1].Position - sorted[0].Position;
        Vec3 inPlane = displacement - normal * displacement.Dot(normal);
        Vec3 axis = inPlane.Length > MinimumTolerance ? displacement.Normalized() : normal;
        double cosine = axis.Dot(normal);
        for (int m = 1; m < count; m++)
        {
            Vec3 expected = sorted[0].Position + axis * ((projections[m] - projections[0]) / cosine);
            double deviation = (sorted[m].Position - expected).Length;
            if (deviation > tolerance)
                throw PositionError(sorted[m], $"slice positions do not lie on one line: {sorted[m].Position} is {deviation:0.####} mm from the line through {sorted[0].Position} along {axis} (tolerance {tolerance:0.####} mm)");
        }

        var grid = new Grid(first.Columns, first.Rows, count,
            new Vec3(first.ColumnSpacing, first.RowSpacing, mean / cosine),
            sorted[0].Position,
            Mat3.FromColumns(first.RowDirection, first.ColumnDirection, axis));
        return (grid, sorted);
    }

    private static CranioFormatException PositionError(DicomImageSlice slice, string problem) =>
        new(slice.Path, DicomTag.ImagePositionPatient.ToString(), problem);

    private static void CheckSameLayout(DicomImageSlice first, DicomImageSlice slice)
    {
        if (slice.Rows != first.Rows || slice.Columns != first.Columns)
            throw new CranioFormatException(slice.Path, $"{DicomTag.Rows} / {DicomTag.Columns}",
                $"expected {first.Rows} rows × {first.Columns} columns as in {first.Path}, found {slice.Rows} × {slice.Columns}");
        if (slice.RowDirection.MaxAbsDifference(first.RowDirection) > 1e-4 || slice.ColumnDirection.MaxAbsDifference(first.ColumnDirection) > 1e-4)
            throw new CranioFormatException(slice.Path, DicomTag.ImageOrientationPatient.ToString(),
                $"expected the orientation of {first.Path} (row {first.RowDirection}, column {first.ColumnDirection}), found row {slice.RowDirection}, column {slice.ColumnDirection}");
        if (Math.Abs(slice.RowSpacing - first.RowSpacing) > 1e-4 * first.RowSpacing || Math.Abs(slice.ColumnSpacing - first.ColumnSpacing) > 1e-4 * first.ColumnSpacing)
            throw new CranioFormatException(slice.Path, DicomTag.PixelSpacing.ToString(),
                $"expected {first.RowSpacing} \\ {first.ColumnSpacing} mm as in {first.Path}, found {slice.RowSpacing} \\ {slice.ColumnSpacing} mm");
    }
}
