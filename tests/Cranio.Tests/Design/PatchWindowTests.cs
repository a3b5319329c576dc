using Cranio.Design;
using Cranio.Volumes;

namespace Cranio.Tests.Design;

public sealed class PatchWindowTests
{
    private static Volume<byte> Ball(Grid grid, Vec3 centre, double radius)
    {
        var mask = new Volume<byte>(grid);
        for (int z = 0; z < grid.SizeZ; z++)
            for (int y = 0; y < grid.SizeY; y++)
                for (int x = 0; x < grid.SizeX; x++)
                    if ((grid.IndexToPhysical(x, y, z) - centre).Length <= radius) mask[x, y, z] = 1;
        return mask;
    }

    private static Grid Oblique() => new EllipsoidShellPhantom().MakeGrid(new Vec3(0.8, 0.9, 1.3), tiltDegrees: 20);

    [Fact]
    public void WorkingGridIsCentredOnTheBoxCoversItAndKeepsTheDirection()
    {
        Grid grid = Oblique();
        var options = new PatchWindowOptions(marginMm: 5, spacingMm: 1.5, maxSize: 32);
        Vec3 centre = grid.IndexToPhysical(grid.SizeX / 2, grid.SizeY / 3, grid.SizeZ / 2);
        var window = PatchWindow.Locate(Ball(grid, centre, 20), options)!;
        Grid w = window.WorkingGrid, crop = window.CropGrid;
        Assert.Equal(Cropping.CropGrid(grid, window.Box), crop);
        Assert.True(w.Direction.MaxAbsDifference(grid.Direction) < 1e-12);
        Assert.Equal(w.Spacing.X, w.Spacing.Y);
        Assert.Equal(w.Spacing.X, w.Spacing.Z);
        double[] extents = [crop.SizeX * crop.Spacing.X, crop.SizeY * crop.Spacing.Y, crop.SizeZ * crop.Spacing.Z];
        // Ball of 40 mm + 2 × 5 mm margin is ≈ 50 mm: 50 / 32 > 1.5, so the longest side sets the spacing.
        Assert.Equal(extents.Max() / 32, w.Spacing.X, 9);
        int[] sizes = [w.SizeX, w.SizeY, w.SizeZ];
        for (int a = 0; a < 3; a++)
        {
            Assert.True(sizes[a] % 8 == 0 && sizes[a] <= 32, $"size {sizes[a]}");
            Assert.True(sizes[a] * w.Spacing.X >= extents[a] - 1e-9, $"axis {a}: {sizes[a]} × {w.Spacing.X} < {extents[a]}");
        }
        Vec3 cropCentre = crop.IndexToPhysical(new Vec3((crop.SizeX - 1) / 2.0, (crop.SizeY - 1) / 2.0, (crop.SizeZ - 1) / 2.0));
        Vec3 workingCentre = w.IndexToPhysical(new Vec3((w.SizeX - 1) / 2.0, (w.SizeY - 1) / 2.0, (w.SizeZ - 1) / 2.0));
        Assert.True((cropCentre - workingCentre).Length < 1e-9);
    }

    [Fact]
    public void AnatomicalAxesReorderAndSignAGridsAxesTowardsLeftPosteriorSuperior()
    {
        var (axes, direction) = PatchWindow.AnatomicalAxes(Mat3.FromColumns(new Vec3(0, 1, 0), new Vec3(0, 0, -1), new Vec3(-1, 0, 0)));
        Assert.Equal([2, 0, 1], axes);
        Assert.True(direction.MaxAbsDifference(Mat3.Identity) < 1e-15, direction.ToString());
        var ras = PatchWindow.AnatomicalAxes(Mat3.Diagonal(new Vec3(-1, -1, 1)));
        Assert.Equal([0, 1, 2], ras.Axes);
        Assert.True(ras.Direction.MaxAbsDifference(Mat3.Identity) < 1e-15);
        Mat3 tilted = Oblique().Direction;
        var kept = PatchWindow.AnatomicalAxes(tilted);
        Assert.Equal([0, 1, 2], kept.Axes);
        Assert.True(kept.Direction.MaxAbsDifference(tilted) < 1e-15);
    }

    [Fact]
    public void TheSameHeadStoredInAnotherAxisOrderGetsTheSameWorkingGridAndInput()
    {
        Grid axial = Grid.AxisAligned(40, 36, 30, new Vec3(0.8, 0.9, 1.3), new Vec3(-12, 5, 30));
        var mask = Ball(axial, axial.IndexToPhysical(20, 16, 12), 9);
        var second = Ball(axial, axial.IndexToPhysical(26, 20, 16), 6);
        for (int i = 0; i < mask.Data.Length; i++) mask.Data[i] |= second.Data[i];
        // Stored sagittally: index (u, v, w) is the axial voxel (x, y, z) = (sx − 1 − v, w, sz − 1 − u).
        var sagittal = new Volume<byte>(new Grid(axial.SizeZ, axial.SizeX, axial.SizeY, new Vec3(1.3, 0.8, 0.9),
            axial.IndexToPhysical(axial.SizeX - 1, 0, axial.SizeZ - 1), Mat3.FromColumns(new Vec3(0, 0, -1), new Vec3(-1, 0, 0), new Vec3(0, 1, 0))));
        for (int w = 0; w < axial.SizeY; w++)
            for (int v = 0; v < axial.SizeX; v++)
                for (int u = 0; u < axial.SizeZ; u++)
                    sagittal[u, v, w] = mask[axial.SizeX - 1 - v, w, axial.SizeZ - 1 - u];
        Assert.True((sagittal.Grid.IndexToPhysical(3, 5, 7) - axial.IndexToPhysical(axial.SizeX - 1 - 5, 7, axial.SizeZ - 1 - 3)).Length < 1e-9);
        var options = new PatchWindowOptions(4, 1.0, 64);
        PatchWindow a = PatchWindow.Locate(mask, options)!, b = PatchWindow.Locate(sagittal, options)!;
        Grid wa = a.WorkingGrid, wb = b.WorkingGrid;
        Assert.Equal((wa.SizeX, wa.SizeY, wa.SizeZ), (wb.SizeX, wb.SizeY, wb.SizeZ));
        Assert.Equal(wa.Spacing, wb.Spacing);
        Assert.True((wa.Origin - wb.Origin).Length < 1e-9, $"{wa.Origin} vs {wb.Origin}");
        Assert.True(wb.Direction.MaxAbsDifference(Mat3.Identity) < 1e-15);
        float[] fa = a.ToWorking(mask).Data, fb = b.ToWorking(sagittal).Data;
        Assert.Contains(fa, v => v > 0.5f);
        for (int i = 0; i < fa.Length; i++) Assert.True(Math.Abs(fa[i] - fb[i]) < 1e-5, $"working voxel {i}: {fa[i]} vs {fb[i]}");
    }

    [Fact]
    public void FineSpacingHoldsForSmallBoxes()
    {
        Grid grid = Grid.AxisAligned(60, 60, 60, new Vec3(0.5, 0.5, 0.5), new Vec3(-10, 4, 2));
        var window = PatchWindow.Locate(Ball(grid, grid.IndexToPhysical(30, 30, 30), 5), new PatchWindowOptions(2, 1.5, 64))!;
        Assert.Equal(1.5, window.WorkingGrid.Spacing.X);
        Assert.Equal(16, window.WorkingGrid.SizeX); // (21 + 2 × 4 voxels) × 0.5 mm = 14.5 mm; / 1.5 mm ≈ 9.7 → 16
    }

    [Fact]
    public void EmptyPriorHasNoWindow() =>
        Assert.Null(PatchWindow.Locate(new Volume<byte>(Grid.AxisAligned(8, 8, 8, new Vec3(1, 1, 1), default)), PatchWindowOptions.Default));

    [Fact]
    public void WorkingGridAndBackReproducesAMaskOnTheInputGrid()
    {
        Grid grid = Oblique();
        var ball = Ball(grid, grid.IndexToPhysical(grid.SizeX / 2, grid.SizeY / 2, grid.SizeZ / 3), 18);
        var window = PatchWindow.Locate(ball, new PatchWindowOptions(6, 1.0, 64))!;
        Volume<float> working = window.ToWorking(ball);
        Assert.Same(window.WorkingGrid, working.Grid);
        Volume<byte> back = Cropping.Pad(window.ToCrop(working).ToMask(0.5), grid);
        Assert.Equal(grid, back.Grid);
        double dice = Cranio.Evaluation.Overlap.Measure(back, ball).Dice;
        Assert.True(dice > 0.95, $"DSC {dice:F4}");
    }

    [Fact]
    public void InputStacksSkullAndPriorChannels()
    {
        Grid grid = Grid.AxisAligned(40, 40, 40, new Vec3(1, 1, 1), default);
        var prior = Ball(grid, new Vec3(20, 20, 20), 8);
        var skull = new Volume<byte>(grid);
        var input = PatchWindow.Locate(prior, new PatchWindowOptions(4, 1, 64))!.Input(skull, prior);
        // (17 + 2 × 4 voxels) × 1 mm = 25 mm at 1 mm → 32 voxels per axis.
        Assert.Equal([1, 2, 32, 32, 32], input.Shape);
        int n = 32 * 32 * 32;
        Assert.Equal(0f, input.Data.AsSpan(0, n).ToArray().Max());
        Assert.Equal(1f, input.Data.AsSpan(n, n).ToArray().Max());
    }

    [Fact]
    public void MirrorChannelShowsTheOtherSidesBoneAtTheReflectedPlace()
    {
        Grid grid = Oblique();
        Vec3 centre = grid.IndexToPhysical(new Vec3(grid.SizeX / 2.0, grid.SizeY / 2.0, grid.SizeZ / 2.0));
        var plane = new Cranio.Defects.SymmetryPlane(centre + new Vec3(1.5, -2, 0.5), new Vec3(1, 0.15, -0.1));
        Vec3 bone = centre + new Vec3(-14, 6, -4);
        var skull = Ball(grid, bone, 9);
        var prior = Ball(grid, plane.Reflect(bone), 9);
        var window = PatchWindow.Locate(prior, new PatchWindowOptions(4, 1, 64))!;
        var input = window.Input(skull, prior, plane);
        int n = window.WorkingGrid.SizeX * window.WorkingGrid.SizeY * window.WorkingGrid.SizeZ;
        Assert.Equal([1, 3, window.WorkingGrid.SizeZ, window.WorkingGrid.SizeY, window.WorkingGrid.SizeX], input.Shape);
        Assert.Equal(0f, input.Data.AsSpan(0, n).ToArray().Max());
        long both = 0, priorCount = 0, mirrorCount = 0;
        for (int i = 0; i < n; i++)
        {
            bool inPrior = input.Data[n + i] >= 0.5f, inMirror = input.Data[2 * n + i] >= 0.5f;
            priorCount += inPrior ? 1 : 0;
            mirrorCount += inMirror ? 1 : 0;
            both += inPrior && inMirror ? 1 : 0;
        }
        double dice = 2.0 * both / (priorCount + mirrorCount);
        Assert.True(priorCount > 1000 && dice > 0.95, $"prior {priorCount} voxels, mirror {mirrorCount}, DSC {dice:F4}");
        Assert.Equal(input.Data.AsSpan(0, 2 * n).ToArray(), window.Input(skull, prior).Data);
    }

    [Fact]
    public void CoarseChannelIsTheFieldResampledOntoTheWorkingGrid()
    {
        Grid grid = Oblique();
        Vec3 centre = grid.IndexToPhysical(new Vec3(grid.SizeX / 2.0, grid.SizeY / 2.0, grid.SizeZ / 2.0));
        var prior = Ball(grid, centre + new Vec3(6, -4, 3), 10);
        var window = PatchWindow.Locate(prior, new PatchWindowOptions(4, 1, 64))!;
        // A field linear in physical position on a coarser grid of other axes: trilinear interpolation reproduces it exactly.
        // Its grid ends within the window along x, so part of the window lies beyond it.
        Mat3 rotation = Mat3.FromColumns(new Vec3(Math.Cos(0.3), Math.Sin(0.3), 0), new Vec3(-Math.Sin(0.3), Math.Cos(0.3), 0), new Vec3(0, 0, 1));
        var coarse = new Volume<float>(new Grid(24, 36, 32, new Vec3(1.7, 1.7, 1.7), centre - new Vec3(34, 30, 27), rotation));
        Vec3 gradient = new(0.004, -0.003, 0.002);
        Grid c = coarse.Grid;
        for (int z = 0; z < c.SizeZ; z++)
            for (int y = 0; y < c.SizeY; y++)
                for (int x = 0; x < c.SizeX; x++)
                    coarse[x, y, z] = (float)(0.5 + gradient.Dot(c.IndexToPhysical(x, y, z) - centre));
        var input = window.Input(prior, prior, coarseProbabilities: coarse);
        Grid w = window.WorkingGrid;
        int n = w.SizeX * w.SizeY * w.SizeZ, inside = 0, outside = 0;
        Assert.Equal([1, 3, w.SizeZ, w.SizeY, w.SizeX], input.Shape);
        for (int z = 0; z < w.SizeZ; z++)
            for (int y = 0; y < w.SizeY; y++)
                for (int x = 0; x < w.SizeX; x++)
                {
                    Vec3 p = w.IndexToPhysical(x, y, z), index = c.PhysicalToIndex(p);
                    float value = input.Data[2 * n + (z * w.SizeY + y) * w.SizeX + x];
                    bool Beyond(double i, int size, double edge) => i < -edge || i > size - 1 + edge;
                    if (Beyond(index.X, c.SizeX, 0.5 + 1e-6) || Beyond(index.Y, c.SizeY, 0.5 + 1e-6) || Beyond(index.Z, c.SizeZ, 0.5 + 1e-6))
                    {
                        outside++;
                        Assert.Equal(0f, value);
                    }
                    else if (!Beyond(index.X, c.SizeX, 0) && !Beyond(index.Y, c.SizeY, 0) && !Beyond(index.Z, c.SizeZ, 0))
                    {
                        inside++;
                        Assert.Equal(0.5 + gradient.Dot(p - centre), value, 1e-5);
                    }
                }
        Assert.True(inside > n / 4 && outside > n / 4, $"{inside} of {n} working voxels inside the coarse grid, {outside} beyond it");
        Assert.Equal(window.Input(prior, prior).Data, input.Data.AsSpan(0, 2 * n).ToArray());
        var plane = new Cranio.Defects.SymmetryPlane(centre, new Vec3(1, 0, 0));
        Assert.Equal("coarseProbabilities", Assert.Throws<ArgumentException>(() => window.Input(prior, prior, plane, coarse)).ParamName);
    }

    [Fact]
    public void MirrorOfAWindowBeyondTheGridIsEmpty()
    {
        Grid grid = Grid.AxisAligned(40, 40, 40, new Vec3(1, 1, 1), default);
        var prior = Ball(grid, new Vec3(20, 20, 20), 8);
        var window = PatchWindow.Locate(prior, new PatchWindowOptions(4, 1, 64))!;
        var farPlane = new Cranio.Defects.SymmetryPlane(new Vec3(200, 0, 0), new Vec3(1, 0, 0));
        Assert.Equal(0f, window.MirroredToWorking(prior, farPlane).Data.Max());
        var throughCentre = new Cranio.Defects.SymmetryPlane(new Vec3(20, 0, 0), new Vec3(1, 0, 0));
        float[] direct = window.ToWorking(prior).Data, mirrored = window.MirroredToWorking(prior, throughCentre).Data;
        Assert.True(direct.Max() == 1f);
        Assert.All(direct.Zip(mirrored), pair => Assert.Equal(pair.First, pair.Second, 1e-5f));
    }

    [Fact]
    public void OptionsRejectBadValuesAndRoundTripThroughMetadata()
    {
        Assert.Equal("maxSize", Assert.Throws<ArgumentOutOfRangeException>(() => new PatchWindowOptions(maxSize: 20)).ParamName);
        Assert.Equal("spacingMm", Assert.Throws<ArgumentOutOfRangeException>(() => new PatchWindowOptions(spacingMm: 0)).ParamName);
        Assert.Equal("marginMm", Assert.Throws<ArgumentOutOfRangeException>(() => new PatchWindowOptions(marginMm: -1)).ParamName);
        foreach (var sampling in new[] { WorkingGridSampling.Trilinear, WorkingGridSampling.AreaAverage })
        {
            var options = new PatchWindowOptions(7.25, 1.75, 48, sampling);
            Assert.Equal(options, PatchWindowOptions.FromMetadata(options.ToMetadata()));
        }
    }

    [Fact]
    public void MetadataWithoutASamplingIsTrilinearAndAnUnknownOneIsNamed()
    {
        var metadata = new PatchWindowOptions(sampling: WorkingGridSampling.AreaAverage).ToMetadata();
        Assert.Equal("area-average", metadata["window_sampling"]);
        Assert.Equal(WorkingGridSampling.AreaAverage, PatchWindowOptions.FromMetadata(metadata).Sampling);
        metadata.Remove("window_sampling");
        Assert.Equal(WorkingGridSampling.Trilinear, PatchWindowOptions.FromMetadata(metadata).Sampling);
        metadata["window_sampling"] = "cubic";
        var error = Assert.Throws<ArgumentException>(() => PatchWindowOptions.FromMetadata(metadata));
        Assert.Contains("window_sampling", error.Message);
        Assert.Contains("cubic", error.Message);
    }

    [Fact]
    public void AreaAveragingKeepsTheMaskVolumeOnTheWorkingGrid()
    {
        Grid grid = Oblique();
        var ball = Ball(grid, grid.IndexToPhysical(grid.SizeX / 2, grid.SizeY / 2, grid.SizeZ / 3), 15);
        var window = PatchWindow.Locate(ball, new PatchWindowOptions(4, 1.7, 64, WorkingGridSampling.AreaAverage))!;

        Volume<float> working = window.ToWorking(ball);

        double volume = ball.CountNonZero() * grid.VoxelVolume;
        double workingVolume = working.Data.Sum(v => (double)v) * window.WorkingGrid.VoxelVolume;
        Assert.Equal(volume, workingVolume, volume * 1e-5);
        Assert.Contains(working.Data, v => v is > 0.05f and < 0.95f);
    }
}
