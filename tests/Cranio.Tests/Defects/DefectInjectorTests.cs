using Cranio.Defects;
using Cranio.Volumes;

namespace Cranio.Tests.Defects;

public class DefectInjectorTests
{
    private static readonly Lazy<(Volume<byte> Skull, SkullGeometry Geometry)> Phantom = new(() =>
    {
        Volume<byte> skull = ShellSkull.Build(2.0, oblique: true);
        return (skull, SkullGeometry.Analyze(skull));
    });

    public static TheoryData<string> Kinds => new(DefectKinds.All.Select(k => k.Name()));

    private static DefectInjector Injector(DefectKind kind) => new(new DefectOptions([kind], minSize: 30, maxSize: 70));

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Inject_PartitionsTheSkullAndStaysOnTheVault(string kindName)
    {
        var (skull, geometry) = Phantom.Value;
        DefectKind kind = DefectKinds.Parse(kindName);
        DefectResult result = Injector(kind).Inject(skull, geometry, 17);

        Assert.Same(skull.Grid, result.Defective.Grid);
        Assert.Same(skull.Grid, result.Implant.Grid);
        long implantVoxels = 0;
        double heightSum = 0, lowest = double.MaxValue;
        Grid grid = skull.Grid;
        for (int z = 0; z < grid.SizeZ; z++)
            for (int y = 0; y < grid.SizeY; y++)
                for (int x = 0; x < grid.SizeX; x++)
                {
                    long o = grid.Offset(x, y, z);
                    byte d = result.Defective.Data[o], i = result.Implant.Data[o];
                    Assert.True(d + i <= 1, "defective and implant overlap");
                    Assert.Equal(skull.Data[o], (byte)(d | i));
                    if (i == 0) continue;
                    implantVoxels++;
                    Vec3 p = grid.IndexToPhysical(x, y, z);
                    heightSum += geometry.Height(p);
                    lowest = Math.Min(lowest, p.Z);
                }
        Assert.True(implantVoxels * grid.VoxelVolume >= 1000, $"implant only {implantVoxels * grid.VoxelVolume} mm³");
        Assert.True(implantVoxels <= 0.35 * skull.CountNonZero());
        // On the vault: the implant's mean lies above the base plane and none of it reaches the skull's open base.
        Assert.True(heightSum / implantVoxels >= geometry.BasePlaneHeight, $"{kindName}: implant mean height {heightSum / implantVoxels:F1} mm below the base plane {geometry.BasePlaneHeight:F1} mm");
        Assert.True(lowest > ShellSkull.BaseCut + 5, $"{kindName}: implant reaches {lowest:F1} mm, the skull base is at {ShellSkull.BaseCut} mm");
        Assert.Equal(kindName, result.Record.Kind);
        Assert.Equal(17UL, result.Record.Seed);
        Assert.Equal(implantVoxels * grid.VoxelVolume / 1000, result.Record.ImplantVolumeCm3, 9);
        Assert.True(result.Record.OpeningAreaCm2 > 0);
    }

    [Fact]
    public void Inject_SameSeedSameBytes_OtherSeedOtherDefect()
    {
        var (skull, geometry) = Phantom.Value;
        var injector = new DefectInjector();
        DefectResult a = injector.Inject(skull, geometry, 1234);
        DefectResult b = injector.Inject(skull, geometry, 1234);
        DefectResult c = injector.Inject(skull, geometry, 1235);
        Assert.Equal(a.Implant.Data, b.Implant.Data);
        Assert.Equal(a.Defective.Data, b.Defective.Data);
        Assert.Equal(a.Record, b.Record);
        Assert.NotEqual(a.Implant.Data, c.Implant.Data);
    }

    [Theory]
    [InlineData("sphere", 2.5)]
    [InlineData("skullfix", 4.1)]
    public void Inject_ClinicalGap_LeavesOnlyImplantVoxelsAtLeastTheGapFromTheDefectiveSkull(string kindName, double gap)
    {
        var (skull, geometry) = Phantom.Value;
        DefectKind kind = DefectKinds.Parse(kindName);
        DefectResult plain = Injector(kind).Inject(skull, geometry, 29);
        DefectResult gapped = new DefectInjector(new DefectOptions([kind], minSize: 30, maxSize: 70, clinicalGap: gap)).Inject(skull, geometry, 29);

        // The same defect: the gap changes the implant only.
        Assert.Equal(plain.Defective.Data, gapped.Defective.Data);
        Assert.Equal(plain.Record with { ClinicalGap = gap, ImplantVolumeCm3 = gapped.Record.ImplantVolumeCm3 }, gapped.Record);
        Assert.Same(skull.Grid, gapped.Implant.Grid);
        Grid grid = skull.Grid;
        int reach = (int)Math.Ceiling(gap / grid.Spacing.X);
        long kept = 0, dropped = 0;
        for (int z = 0; z < grid.SizeZ; z++)
            for (int y = 0; y < grid.SizeY; y++)
                for (int x = 0; x < grid.SizeX; x++)
                {
                    byte removed = plain.Implant[x, y, z], implant = gapped.Implant[x, y, z];
                    Assert.True(implant <= removed, "the gapped implant holds a voxel the defect did not remove");
                    if (removed == 0) continue;
                    bool far = NearestBone(plain.Defective, x, y, z, reach) >= gap;
                    Assert.True(far == (implant == 1), $"voxel ({x}, {y}, {z}): {(far ? "kept" : "dropped")} expected");
                    if (far) kept++; else dropped++;
                }
        Assert.True(kept > 0 && dropped > 0, $"kept {kept}, dropped {dropped}");
        Assert.Equal(kept * grid.VoxelVolume / 1000, gapped.Record.ImplantVolumeCm3, 9);
    }

    /// <summary>Distance in mm to the nearest bone voxel within <paramref name="reach"/> voxels along each axis (∞ if none).</summary>
    private static double NearestBone(Volume<byte> bone, int x, int y, int z, int reach)
    {
        Grid grid = bone.Grid;
        double best = double.PositiveInfinity;
        for (int k = z - reach; k <= z + reach; k++)
            for (int j = y - reach; j <= y + reach; j++)
                for (int i = x - reach; i <= x + reach; i++)
                {
                    if (!grid.Contains(i, j, k) || bone[i, j, k] == 0) continue;
                    double dx = (i - x) * grid.Spacing.X, dy = (j - y) * grid.Spacing.Y, dz = (k - z) * grid.Spacing.Z;
                    best = Math.Min(best, Math.Sqrt(dx * dx + dy * dy + dz * dz));
                }
        return best;
    }

    [Fact]
    public void Inject_ImpossibleRequest_FailsWithClearError()
    {
        var (skull, geometry) = Phantom.Value;
        var injector = new DefectInjector(new DefectOptions([DefectKind.Sphere], minSize: 10, maxSize: 12, minImplantVolume: 50_000, maxAttempts: 5));
        var e = Assert.Throws<InvalidOperationException>(() => injector.Inject(skull, geometry, 3));
        Assert.Contains("sphere", e.Message);
        Assert.Contains("5 attempts", e.Message);
        Assert.Contains("minimum 50 cm³", e.Message);
    }

    [Fact]
    public void OpeningArea_OfSphereCuttingThickShell_IsTheSphericalCap()
    {
        // Shell 60…70 mm around the origin; a ball of radius r centred at distance d cuts from the outer sphere (R)
        // the cap of height h = R − (R² + d² − r²)/(2d), area 2πRh.
        const double R = 70, inner = 60, r = 25, d = 72;
        Vec3 direction = new Vec3(0.3, 0.5, 0.8).Normalized();
        double h = R - (R * R + d * d - r * r) / (2 * d);
        double expected = 2 * Math.PI * R * h;
        double previous = double.MaxValue;
        foreach (double spacing in new[] { 1.5, 0.75 })
        {
            int n = (int)Math.Ceiling(150 / spacing) + 1;
            var grid = Grid.AxisAligned(n, n, n, new Vec3(spacing, spacing, spacing), new Vec3(-75, -75, -75));
            var shell = new Volume<byte>(grid);
            Parallel.For(0, n, z =>
            {
                for (int y = 0; y < n; y++)
                    for (int x = 0; x < n; x++)
                    {
                        double len = grid.IndexToPhysical(x, y, z).Length;
                        if (len <= R && len > inner) shell[x, y, z] = 1;
                    }
            });
            DefectResult result = DefectInjector.Apply(shell, new SphereShape(direction * d, r), Vec3.Zero);
            double area = result.Record.OpeningAreaCm2 * 100;
            double error = Math.Abs(area - expected) / expected;
            Assert.True(error < 0.03 * spacing, $"spacing {spacing}: area {area:F1} mm² vs cap {expected:F1} mm² ({error:P2})");
            Assert.True(error < previous + 0.005, $"error grew from {previous:P2} to {error:P2} at spacing {spacing}");
            previous = error;
        }
    }

    [Fact]
    public void Apply_KeepsGridAndMetadata()
    {
        var (skull, _) = Phantom.Value;
        var copy = skull.Clone();
        copy.Metadata["patient"] = "phantom";
        DefectResult result = DefectInjector.Apply(copy, new SphereShape(new Vec3(0, 0, 70), 20), Vec3.Zero);
        Assert.Same(copy.Grid, result.Implant.Grid);
        Assert.Equal("phantom", result.Implant.Metadata["patient"]);
        Assert.Equal("phantom", result.Defective.Metadata["patient"]);
    }
}
