using Cranio.Filters;
using Cranio.Volumes;

namespace Cranio.Tests.Filters;

public class HoleFillingTests
{
    private const int N = 96;
    private const double Centre = 47.5;
    private const double Outer = 40, Inner = 35; // a 5 mm thick spherical shell

    private static (double X, double Y, double Z) Position(int x, int y, int z) => (x - Centre, y - Centre, z - Centre);

    /// <summary>A 1 mm sphere shell, 5 mm thick, with a pinhole of 2 mm diameter along +x and optionally a 30 mm craniotomy along −x.</summary>
    private static Volume<byte> Shell(bool pinhole, bool craniotomy) => Shell(pinhole ? 1.0 : 0.0, craniotomy);

    /// <summary>The shell with a round hole of <paramref name="holeRadius"/> mm along +x (none when 0).</summary>
    private static Volume<byte> Shell(double holeRadius, bool craniotomy)
    {
        var mask = new Volume<byte>(Grid.AxisAligned(N, N, N, new Vec3(1, 1, 1), new Vec3(-Centre, -Centre, -Centre)));
        for (int z = 0; z < N; z++)
            for (int y = 0; y < N; y++)
                for (int x = 0; x < N; x++)
                {
                    var (px, py, pz) = Position(x, y, z);
                    double r = Math.Sqrt(px * px + py * py + pz * pz), axial = Math.Sqrt(py * py + pz * pz);
                    bool bone = r >= Inner && r <= Outer;
                    if (px > 0 && axial <= holeRadius) bone = false;
                    if (craniotomy && px < 0 && axial <= 15.0) bone = false;
                    mask[x, y, z] = bone ? (byte)1 : (byte)0;
                }
        return mask;
    }

    private static void AssertSuperset(Volume<byte> input, Volume<byte> result)
    {
        for (int i = 0; i < input.Data.Length; i++)
            Assert.False(input.Data[i] != 0 && result.Data[i] == 0, $"voxel {i} was removed");
        Assert.All(result.Data, v => Assert.True(v <= 1));
    }

    [Fact]
    public void FillCavities_FillsTheInsideOfAClosedShell_ButNotOfAPerforatedOne()
    {
        Volume<byte> closed = Shell(pinhole: false, craniotomy: false);
        Volume<byte> filled = HoleFilling.FillCavities(closed);
        AssertSuperset(closed, filled);
        int solidBall = 0;
        for (int z = 0; z < N; z++)
            for (int y = 0; y < N; y++)
                for (int x = 0; x < N; x++)
                {
                    var (px, py, pz) = Position(x, y, z);
                    if (Math.Sqrt(px * px + py * py + pz * pz) <= Outer) solidBall++;
                }
        Assert.Equal(solidBall, filled.CountNonZero());

        Volume<byte> perforated = Shell(pinhole: true, craniotomy: false);
        Assert.Equal(perforated.Data, HoleFilling.FillCavities(perforated).Data);
    }

    [Theory]
    [InlineData(1, 0.5)]
    [InlineData(2, 0.7)]
    public void FillCavities_MatchesFloodFillFromTheBorder(int seed, double density)
    {
        var grid = Grid.AxisAligned(12, 10, 11, new Vec3(1, 2, 0.5), Vec3.Zero);
        Volume<byte> mask = MaskReference.Random(grid, density, seed);
        var (labels, count) = MaskReference.FloodFill(mask, 6, background: true);
        var touchesBorder = new bool[count + 1];
        for (int z = 0; z < 11; z++)
            for (int y = 0; y < 10; y++)
                for (int x = 0; x < 12; x++)
                    if (x == 0 || y == 0 || z == 0 || x == 11 || y == 9 || z == 10)
                        touchesBorder[labels[grid.Offset(x, y, z)]] = true;

        Volume<byte> filled = HoleFilling.FillCavities(mask);

        for (int i = 0; i < labels.Length; i++)
        {
            byte expected = mask.Data[i] != 0 || !touchesBorder[labels[i]] ? (byte)1 : (byte)0;
            Assert.Equal(expected, filled.Data[i]);
        }
        Assert.Same(grid, filled.Grid);
    }

    [Fact]
    public void FillSmallHoles_PlugsAPinhole_AndLeavesACraniotomyOpen()
    {
        Volume<byte> input = Shell(pinhole: true, craniotomy: true);
        const double maxArea = 10; // mm²; the pinhole is π mm², the craniotomy 707 mm²

        Volume<byte> result = HoleFilling.FillSmallHoles(input, maxArea);

        AssertSuperset(input, result);
        Assert.Same(input.Grid, result.Grid);
        int pinholeVoxels = 0, pinholeFilled = 0, craniotomyFilled = 0;
        for (int z = 0; z < N; z++)
            for (int y = 0; y < N; y++)
                for (int x = 0; x < N; x++)
                {
                    var (px, py, pz) = Position(x, y, z);
                    double r = Math.Sqrt(px * px + py * py + pz * pz), axial = Math.Sqrt(py * py + pz * pz);
                    // The inner 4 mm of the bone's thickness, away from the mouths of the hole.
                    if (r < Inner + 0.5 || r > Outer - 0.5) continue;
                    if (px > 0 && axial <= 1.0)
                    {
                        pinholeVoxels++;
                        pinholeFilled += result[x, y, z];
                    }
                    if (px < 0 && axial <= 13.0) craniotomyFilled += result[x, y, z];
                }
        Assert.True(pinholeVoxels > 10);
        Assert.Equal(pinholeVoxels, pinholeFilled);
        Assert.Equal(0, craniotomyFilled);

        // The plug seals the pinhole: without the craniotomy the inside becomes an enclosed cavity.
        Volume<byte> pinholeOnly = HoleFilling.FillSmallHoles(Shell(pinhole: true, craniotomy: false), maxArea);
        Assert.Equal(1, HoleFilling.FillCavities(pinholeOnly)[48, 48, 48]);
        // The craniotomy still connects the inside with the outside.
        Assert.Equal(0, HoleFilling.FillCavities(result)[48, 48, 48]);
    }

    [Fact]
    public void FillSmallHoles_LeavesAHoleLargerThanTheAreaOpen()
    {
        // A 6 mm hole (28 mm²) with at most 3 mm² asked: the ball of radius √(3/π) + 1 ≈ 1.98 mm passes through it,
        // since the bone is 3 mm from the voxels nearest the hole's axis.
        Volume<byte> input = Shell(holeRadius: 3.0, craniotomy: false);
        Volume<byte> result = HoleFilling.FillSmallHoles(input, 3.0);
        AssertSuperset(input, result);
        Assert.Equal(0, HoleFilling.FillCavities(result)[48, 48, 48]);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-3.0)]
    [InlineData(double.NaN)]
    public void FillSmallHoles_RejectsANonPositiveArea(double area)
    {
        var mask = new Volume<byte>(Grid.AxisAligned(3, 3, 3, new Vec3(1, 1, 1), Vec3.Zero));
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => HoleFilling.FillSmallHoles(mask, area));
        Assert.Contains("Maximum hole area must be a finite number of mm² > 0", error.Message);
    }
}
