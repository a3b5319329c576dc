using Cranio.Design;
using Cranio.Defects;
using Cranio.Volumes;

namespace Cranio.Tests.Design;

public class ClinicalGapTests
{
    /// <summary>A random skull and implant on an anisotropic 24×20×16 grid: disjoint masks, seeded.</summary>
    private static (Volume<byte> Implant, Volume<byte> Skull) RandomPair(int seed)
    {
        var grid = new Grid(24, 20, 16, new Vec3(0.7, 0.9, 1.3), new Vec3(-5, 3, 10), Mat3.Identity);
        var implant = new Volume<byte>(grid);
        var skull = new Volume<byte>(grid);
        var random = new Random(seed);
        for (int i = 0; i < grid.VoxelCount; i++)
        {
            double u = random.NextDouble();
            if (u < 0.04) skull.Data[i] = 1;
            else if (u < 0.5) implant.Data[i] = 1;
        }
        return (implant, skull);
    }

    private static double BruteDistance(Grid grid, int x, int y, int z, Volume<byte> skull)
    {
        double best = double.PositiveInfinity;
        for (int k = 0; k < grid.SizeZ; k++)
            for (int j = 0; j < grid.SizeY; j++)
                for (int i = 0; i < grid.SizeX; i++)
                {
                    if (skull[i, j, k] == 0) continue;
                    double dx = (i - x) * grid.Spacing.X, dy = (j - y) * grid.Spacing.Y, dz = (k - z) * grid.Spacing.Z;
                    best = Math.Min(best, Math.Sqrt(dx * dx + dy * dy + dz * dz));
                }
        return best;
    }

    [Theory]
    [InlineData(1, 1.15)]
    [InlineData(2, 2.05)]
    [InlineData(3, 3.3)]
    public void Apply_KeepsExactlyTheImplantVoxelsAtLeastTheGapFromTheSkull(int seed, double gap)
    {
        var (implant, skull) = RandomPair(seed);
        Volume<byte> kept = ClinicalGap.Apply(implant, skull, gap);
        Assert.Same(implant.Grid, kept.Grid);
        Grid grid = implant.Grid;
        int removed = 0;
        for (int z = 0; z < grid.SizeZ; z++)
            for (int y = 0; y < grid.SizeY; y++)
                for (int x = 0; x < grid.SizeX; x++)
                {
                    if (implant[x, y, z] == 0) { Assert.Equal(0, kept[x, y, z]); continue; }
                    bool far = BruteDistance(grid, x, y, z, skull) >= gap;
                    Assert.Equal(far ? 1 : 0, kept[x, y, z]);
                    if (!far) removed++;
                }
        Assert.True(removed > 0 && kept.CountNonZero() > 0, "the case should remove some voxels and keep others");
    }

    [Fact]
    public void Apply_ZeroGapGivesTheOriginal_AndMetadataTravels()
    {
        var (implant, skull) = RandomPair(4);
        implant.Metadata["note"] = "x";
        Volume<byte> kept = ClinicalGap.Apply(implant, skull, 0);
        Assert.NotSame(implant, kept);
        Assert.Equal(implant.Data, kept.Data);
        Assert.Equal("x", kept.Metadata["note"]);
        Assert.Equal("x", ClinicalGap.Apply(implant, skull, 1.5).Metadata["note"]);
    }

    [Fact]
    public void Apply_SlabAcrossAPlate_ShrinksByTheGapOnBothSides()
    {
        // A plate 40 voxels long in x, spacing 0.5 mm; the implant is x = 15…24 (5 mm), the skull the rest.
        var grid = Grid.AxisAligned(40, 6, 4, new Vec3(0.5, 1, 1), Vec3.Zero);
        var implant = new Volume<byte>(grid);
        var skull = new Volume<byte>(grid);
        for (int z = 0; z < 4; z++)
            for (int y = 0; y < 6; y++)
                for (int x = 0; x < 40; x++)
                    if (x is >= 15 and <= 24) implant[x, y, z] = 1; else skull[x, y, z] = 1;
        Volume<byte> kept = ClinicalGap.Apply(implant, skull, 1.2);
        // Distance of x to the skull: 0.5·min(x − 14, 25 − x) ≥ 1.2 ⇔ x ∈ 17…22.
        for (int x = 0; x < 40; x++)
            Assert.Equal(x is >= 17 and <= 22 ? 1 : 0, kept[x, 2, 1]);
    }

    [Fact]
    public void Apply_RejectsBadGapAndMismatchedGrids()
    {
        var (implant, skull) = RandomPair(5);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => ClinicalGap.Apply(implant, skull, -0.5));
        Assert.Contains("got -0.5", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => ClinicalGap.Apply(implant, skull, double.NaN));
        var other = new Volume<byte>(Grid.AxisAligned(24, 20, 16, new Vec3(1, 1, 1), Vec3.Zero));
        Assert.Throws<GridMismatchException>(() => ClinicalGap.Apply(implant, other, 1));
    }
}
