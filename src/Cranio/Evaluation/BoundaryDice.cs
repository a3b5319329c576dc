using Cranio.Filters;
using Cranio.Volumes;

namespace Cranio.Evaluation;

/// <summary>
/// Boundary Dice (bDSC) of the AutoImplant 2021 challenge: the Dice coefficient of prediction P and ground
/// truth G counted only over the voxels within <c>width</c> mm of the defective skull D, i.e. where the
/// Euclidean distance transform of D's background (distance to the nearest skull voxel, with the grid's
/// spacing) is ≤ width. It scores how well the implant meets the defect border.
/// </summary>
/// <remarks>
/// Only the box holding P ∪ G, grown by ⌈width / spacing⌉ + 1 voxels per axis, is transformed: a voxel within
/// width mm of D has its nearest skull voxel inside that box, so the region is exactly the one a transform of
/// the whole volume gives. Both restricted masks empty (or no skull within reach) gives 0, like DSC.
/// </remarks>
public static class BoundaryDice
{
    /// <summary>The default width of the border region, 10 mm.</summary>
    public const double DefaultWidthMm = 10;

    /// <summary>Computes bDSC of <paramref name="prediction"/> against <paramref name="truth"/> near <paramref name="defectiveSkull"/>.</summary>
    /// <param name="prediction">Predicted implant mask.</param>
    /// <param name="truth">Ground-truth implant mask.</param>
    /// <param name="defectiveSkull">Defective skull mask.</param>
    /// <param name="widthMm">Width of the border region in mm (finite, &gt; 0); default 10.</param>
    /// <exception cref="GridMismatchException">The grids differ.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The width is not finite and positive.</exception>
    public static double Measure(Volume<byte> prediction, Volume<byte> truth, Volume<byte> defectiveSkull, double widthMm = DefaultWidthMm)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(defectiveSkull);
        ValidateWidth(widthMm);
        prediction.Grid.EnsureSameAs(truth.Grid, "prediction", "ground truth");
        truth.Grid.EnsureSameAs(defectiveSkull.Grid, "ground truth", "defective skull");
        return Measure(prediction, truth, defectiveSkull, MaskBoxes.Union(MaskBoxes.Of(prediction), MaskBoxes.Of(truth)), widthMm).Dice;
    }

    /// <summary>Throws when <paramref name="widthMm"/> is not a finite positive number of mm.</summary>
    internal static void ValidateWidth(double widthMm)
    {
        if (!(double.IsFinite(widthMm) && widthMm > 0))
            throw new ArgumentOutOfRangeException(nameof(widthMm), widthMm, $"The boundary width must be a positive number of mm; got {widthMm}.");
    }

    /// <summary>The overlap counts inside the border region, with the union box of P and G known.</summary>
    internal static Overlap Measure(Volume<byte> prediction, Volume<byte> truth, Volume<byte> defectiveSkull, VoxelBox? union, double widthMm)
    {
        if (union is not VoxelBox unionBox) return new Overlap(0, 0, 0, prediction.Grid.VoxelCount);
        Grid grid = prediction.Grid;
        Vec3 s = grid.Spacing;
        VoxelBox box = MaskBoxes.Grow(unionBox, Margin(widthMm, s.X), Margin(widthMm, s.Y), Margin(widthMm, s.Z), grid);
        Volume<float> distance = DistanceTransform.DistanceToForeground(Cropping.Crop(defectiveSkull, box));
        byte[] p = Cropping.Crop(prediction, box).Data, g = Cropping.Crop(truth, box).Data;
        float[] d = distance.Data;
        float width = (float)widthMm;
        for (int i = 0; i < p.Length; i++)
        {
            if (d[i] > width)
            {
                p[i] = 0;
                g[i] = 0;
            }
        }
        return Overlap.Count(p, g, distance.Grid.SliceLength, distance.Grid.SizeZ) with { VoxelCount = grid.VoxelCount };
    }

    private static int Margin(double widthMm, double spacing) => (int)Math.Ceiling(widthMm / spacing) + 1;
}
