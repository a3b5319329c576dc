using Cranio.Defects;
using Cranio.Learning;
using Cranio.Volumes;

namespace Cranio.Design;

/// <summary>
/// The region the learned designer refines: a box of the full grid around the shape prior (<see cref="Box"/>, on
/// <see cref="CropGrid"/>) and the isotropic working grid over the same physical region (<see cref="WorkingGrid"/>:
/// the input's axes reordered and signed to lie closest to left, posterior and superior (<see cref="AnatomicalAxes"/>),
/// centred on the box, spacing and sizes from <see cref="PatchWindowOptions"/>), so the network sees every scan the
/// same way up, whatever order its voxels are stored in. Network inputs are
/// the crops brought onto the working grid by <see cref="Sampling"/> (<see cref="ToWorking"/>); the network's
/// probabilities go back onto the crop grid trilinearly (<see cref="ToCrop"/>), so every output lies on the input's grid.
/// </summary>
/// <param name="Box">The box of the full grid (prior's bounding box + margin, clamped to the grid).</param>
/// <param name="CropGrid">The grid of <see cref="Box"/> (<see cref="Cropping.CropGrid"/>).</param>
/// <param name="WorkingGrid">The network's grid: isotropic spacing, sizes multiples of 8.</param>
/// <param name="Sampling">How masks are brought onto <paramref name="WorkingGrid"/>.</param>
public sealed record PatchWindow(VoxelBox Box, Grid CropGrid, Grid WorkingGrid, WorkingGridSampling Sampling)
{
    /// <summary>The window around the non-zero voxels of <paramref name="prior"/>, or null when the prior is empty.</summary>
    public static PatchWindow? Locate(Volume<byte> prior, PatchWindowOptions options)
    {
        ArgumentNullException.ThrowIfNull(prior);
        ArgumentNullException.ThrowIfNull(options);
        if (Cropping.BoundingBox(prior, options.MarginMm) is not VoxelBox box) return null;
        Grid crop = Cropping.CropGrid(prior.Grid, box);
        double[] extent = [crop.SizeX * crop.Spacing.X, crop.SizeY * crop.Spacing.Y, crop.SizeZ * crop.Spacing.Z];
        double spacing = Math.Max(options.SpacingMm, extent.Max() / options.MaxSize);
        int Size(double length) => Math.Clamp((int)Math.Ceiling(length / spacing / 8 - 1e-9) * 8, 8, options.MaxSize);
        var (axes, direction) = AnatomicalAxes(crop.Direction);
        int nx = Size(extent[axes[0]]), ny = Size(extent[axes[1]]), nz = Size(extent[axes[2]]);
        Vec3 centre = crop.IndexToPhysical(new Vec3((crop.SizeX - 1) / 2.0, (crop.SizeY - 1) / 2.0, (crop.SizeZ - 1) / 2.0));
        Vec3 half = new((nx - 1) / 2.0 * spacing, (ny - 1) / 2.0 * spacing, (nz - 1) / 2.0 * spacing);
        Vec3 origin = centre - direction * half;
        var working = new Grid(nx, ny, nz, new Vec3(spacing, spacing, spacing), origin, direction);
        return new PatchWindow(box, crop, working, options.Sampling);
    }

    /// <summary>
    /// The columns of <paramref name="direction"/> (a grid's axes in LPS) reordered and signed to lie closest to left
    /// (+x), posterior (+y) and superior (+z): the permutation π maximising Σₐ |direction[a, π(a)]| (the first in
    /// lexicographic order on a tie), each column's sign making its diagonal entry non-negative. Working axis a is
    /// grid axis <c>Axes[a]</c>. An axial LPS scan keeps its axes; a sagittal or RAS-stored one gets them reordered
    /// and flipped, so the same head lands on the same working grid.
    /// </summary>
    internal static (int[] Axes, Mat3 Direction) AnatomicalAxes(Mat3 direction)
    {
        int[][] permutations = [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]];
        int[] best = permutations[0];
        double bestScore = double.NegativeInfinity;
        foreach (int[] p in permutations)
        {
            double score = Math.Abs(direction[0, p[0]]) + Math.Abs(direction[1, p[1]]) + Math.Abs(direction[2, p[2]]);
            if (score > bestScore + 1e-12) (best, bestScore) = (p, score);
        }
        Vec3 Column(int a) => direction[a, best[a]] < 0 ? -direction.Column(best[a]) : direction.Column(best[a]);
        return (best, Mat3.FromColumns(Column(0), Column(1), Column(2)));
    }

    /// <summary>
    /// Shifts of the working grid, in working voxels along its axes, at which the network may be run and its
    /// probabilities averaged (test-time augmentation over the sampling phase: each phase rounds the input's surfaces
    /// to the 1 mm grid differently): 1 → (0, 0, 0); 2 → also (½, ½, ½); 8 → every vector of 0s and ½s.
    /// </summary>
    /// <param name="phases">1, 2 or 8.</param>
    /// <param name="parameterName">The name the exception gives the count (default "phases"), for callers that validate their own parameter.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="phases"/> is not 1, 2 or 8.</exception>
    public static IReadOnlyList<Vec3> PhaseShifts(int phases, string parameterName = "phases") => phases switch
    {
        1 => [new Vec3(0, 0, 0)],
        2 => [new Vec3(0, 0, 0), new Vec3(0.5, 0.5, 0.5)],
        8 => [.. Enumerable.Range(0, 8).Select(i => new Vec3(0.5 * (i & 1), 0.5 * ((i >> 1) & 1), 0.5 * (i >> 2)))],
        _ => throw new ArgumentOutOfRangeException(parameterName, phases, $"Sampling phases must be 1, 2 or 8; got {phases}."),
    };

    /// <summary>This window with its working grid moved by <paramref name="workingVoxels"/> voxels along the grid's own axes.</summary>
    public PatchWindow ShiftedBy(Vec3 workingVoxels) =>
        this with { WorkingGrid = WorkingGrid with { Origin = WorkingGrid.Origin + WorkingGrid.SpaceDirections * workingVoxels } };

    /// <summary>
    /// <paramref name="mask"/> (a 0/1 volume on the full grid) as a fraction of bone per working voxel on
    /// <see cref="WorkingGrid"/>, 0 outside the crop: the fraction of each working voxel's box the mask covers
    /// (<see cref="WorkingGridSampling.AreaAverage"/>) or the crop's trilinear interpolant at its centre
    /// (<see cref="WorkingGridSampling.Trilinear"/>).
    /// </summary>
    public Volume<float> ToWorking(Volume<byte> mask)
    {
        ArgumentNullException.ThrowIfNull(mask);
        Volume<float> crop = Cropping.Crop(mask, Box).ConvertTo<float>();
        return Sampling == WorkingGridSampling.AreaAverage
            ? PartialVolumeResampler.Resample(crop, WorkingGrid)
            : Resampler.Resample(crop, WorkingGrid, new ResampleOptions(Interpolation.Trilinear));
    }

    /// <summary>
    /// The network input on the working grid: channel 0 the defective skull, channel 1 the prior (1, 2, D, H, W); with
    /// <paramref name="mirrorPlane"/>, channel 2 the defective skull's mirror image in that plane (1, 3, D, H, W); with
    /// <paramref name="coarseProbabilities"/> (a field on any grid, e.g. <see cref="CoarseSkullModel.ProbabilitiesOn"/>),
    /// channel 2 that field resampled trilinearly onto the working grid, 0 beyond it.
    /// </summary>
    /// <exception cref="ArgumentException">Both a mirror plane and a coarse field are given.</exception>
    public Tensor Input(Volume<byte> defectiveSkull, Volume<byte> prior, SymmetryPlane? mirrorPlane = null, Volume<float>? coarseProbabilities = null)
    {
        if (mirrorPlane is not null && coarseProbabilities is not null)
            throw new ArgumentException("The third input channel is either the mirror image or the coarse probabilities, not both.", nameof(coarseProbabilities));
        Tensor input = Functional.Concatenate(VolumeTensors.FromVolume(ToWorking(defectiveSkull)), VolumeTensors.FromVolume(ToWorking(prior)));
        if (mirrorPlane is not null) return Functional.Concatenate(input, VolumeTensors.FromVolume(MirroredToWorking(defectiveSkull, mirrorPlane)));
        if (coarseProbabilities is not null)
            return Functional.Concatenate(input, VolumeTensors.FromVolume(Resampler.Resample(coarseProbabilities, WorkingGrid, new ResampleOptions(Interpolation.Trilinear))));
        return input;
    }

    /// <summary>
    /// The mirror image of <paramref name="mask"/> (a 0/1 volume on the full grid) in <paramref name="plane"/> on
    /// <see cref="WorkingGrid"/>: each working voxel takes the mask's trilinear interpolant at its reflected centre
    /// (0 outside the mask's grid). The side opposite the window is read, not only the window's box.
    /// </summary>
    public Volume<float> MirroredToWorking(Volume<byte> mask, SymmetryPlane plane)
    {
        ArgumentNullException.ThrowIfNull(mask);
        ArgumentNullException.ThrowIfNull(plane);
        Grid w = WorkingGrid, full = mask.Grid;
        Mat3 direction = Mat3.FromColumns(plane.ReflectDirection(w.Direction.Column(0)), plane.ReflectDirection(w.Direction.Column(1)),
            plane.ReflectDirection(w.Direction.Column(2)));
        var reflected = new Grid(w.SizeX, w.SizeY, w.SizeZ, w.Spacing, plane.Reflect(w.Origin), direction);
        Vec3 lo = new(double.PositiveInfinity, double.PositiveInfinity, double.PositiveInfinity), hi = -lo;
        for (int corner = 0; corner < 8; corner++)
        {
            Vec3 index = full.PhysicalToIndex(reflected.IndexToPhysical(new Vec3(
                (corner & 1) * (w.SizeX - 1), ((corner >> 1) & 1) * (w.SizeY - 1), (corner >> 2) * (w.SizeZ - 1))));
            lo = new Vec3(Math.Min(lo.X, index.X), Math.Min(lo.Y, index.Y), Math.Min(lo.Z, index.Z));
            hi = new Vec3(Math.Max(hi.X, index.X), Math.Max(hi.Y, index.Y), Math.Max(hi.Z, index.Z));
        }
        int x0 = Math.Max(0, (int)Math.Floor(lo.X) - 1), y0 = Math.Max(0, (int)Math.Floor(lo.Y) - 1), z0 = Math.Max(0, (int)Math.Floor(lo.Z) - 1);
        int x1 = Math.Min(full.SizeX - 1, (int)Math.Ceiling(hi.X) + 1), y1 = Math.Min(full.SizeY - 1, (int)Math.Ceiling(hi.Y) + 1),
            z1 = Math.Min(full.SizeZ - 1, (int)Math.Ceiling(hi.Z) + 1);
        if (x0 > x1 || y0 > y1 || z0 > z1) return new Volume<float>(w);
        Volume<float> crop = Cropping.Crop(mask, new VoxelBox(x0, y0, z0, x1, y1, z1)).ConvertTo<float>();
        return new Volume<float>(w, Resampler.Resample(crop, reflected, new ResampleOptions(Interpolation.Trilinear)).Data);
    }

    /// <summary>
    /// Probabilities on the working grid back on <see cref="CropGrid"/> (the input grid's box), resampled
    /// trilinearly; 0 outside the working grid.
    /// </summary>
    public Volume<float> ToCrop(Volume<float> probabilities)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        probabilities.Grid.EnsureSameAs(WorkingGrid, "probabilities", "working grid");
        return Resampler.Resample(probabilities, CropGrid, new ResampleOptions(Interpolation.Trilinear));
    }
}
