using Cranio.Volumes;

namespace Cranio.Tests.Volumes;

public class GridTests
{
    private static readonly Mat3 Tilted = Mat3.FromColumns(
        new Vec3(1, 0, 0),
        new Vec3(0, Math.Cos(0.2), -Math.Sin(0.2)),
        new Vec3(0, Math.Sin(0.2), Math.Cos(0.2)));

    [Fact]
    public void IndexToPhysical_AppliesSpacingDirectionAndOrigin()
    {
        var grid = new Grid(10, 20, 30, new Vec3(0.5, 0.25, 2), new Vec3(1, 2, 3), Tilted);
        Vec3 p = grid.IndexToPhysical(2, 4, 1);
        // origin + 2·0.5·e0 + 4·0.25·e1 + 1·2·e2
        Vec3 expected = new Vec3(1, 2, 3) + new Vec3(1, 0, 0) + 1.0 * Tilted.Column(1) + 2.0 * Tilted.Column(2);
        Assert.True(p.MaxAbsDifference(expected) < 1e-12, $"{p} vs {expected}");
    }

    [Fact]
    public void PhysicalToIndex_InvertsIndexToPhysical_OnObliqueGrid()
    {
        var grid = new Grid(10, 20, 30, new Vec3(0.45, 0.45, 0.63), new Vec3(-120, -127, -10), Tilted);
        var index = new Vec3(3.25, 17.5, 29);
        Vec3 back = grid.PhysicalToIndex(grid.IndexToPhysical(index));
        Assert.True(back.MaxAbsDifference(index) < 1e-9);
    }

    [Fact]
    public void FromSpaceDirections_SplitsSpacingAndUnitDirection()
    {
        var space = Mat3.FromColumns(new Vec3(0.451172, 0, 0), new Vec3(0, 0.445617352660377, -0.07057866952526852), new Vec3(0, 0.099022671809384913, 0.62520618710809539));
        var grid = Grid.FromSpaceDirections(512, 512, 237, space, new Vec3(-120.2, -127.846, -10.2));
        Assert.Equal(0.451172, grid.Spacing.X, 12);
        Assert.Equal(Math.Sqrt(0.445617352660377 * 0.445617352660377 + 0.07057866952526852 * 0.07057866952526852), grid.Spacing.Y, 12);
        Assert.True(grid.SpaceDirections.MaxAbsDifference(space) < 1e-12);
        Assert.False(grid.IsAxisAligned);
        Assert.Equal(1.0, grid.Direction.Column(1).Length, 12);
    }

    [Theory]
    [InlineData(0, 1, 1)]
    [InlineData(5, -1, 1)]
    public void Constructor_RejectsBadSizes(int x, int y, int z)
    {
        var error = Assert.Throws<ArgumentException>(() => Grid.AxisAligned(x, y, z, new Vec3(1, 1, 1), Vec3.Zero));
        Assert.Equal("sizes", error.ParamName);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Constructor_RejectsBadSpacing(double spacing)
    {
        var error = Assert.Throws<ArgumentException>(() => Grid.AxisAligned(2, 2, 2, new Vec3(1, spacing, 1), Vec3.Zero));
        Assert.Equal("spacing", error.ParamName);
    }

    [Fact]
    public void Constructor_RejectsSingularDirection()
    {
        var singular = Mat3.FromColumns(new Vec3(1, 0, 0), new Vec3(0, 1, 0), new Vec3(1, 1, 0));
        var error = Assert.Throws<ArgumentException>(() => new Grid(2, 2, 2, new Vec3(1, 1, 1), Vec3.Zero, singular));
        Assert.Equal("direction", error.ParamName);
    }

    [Fact]
    public void VoxelVolume_IsDeterminantOfSpaceDirections()
    {
        var grid = new Grid(2, 2, 2, new Vec3(0.5, 0.4, 2), Vec3.Zero, Tilted);
        Assert.Equal(0.5 * 0.4 * 2, grid.VoxelVolume, 12);
    }

    [Fact]
    public void EnsureSameAs_NamesTheDifferingField()
    {
        var a = new Grid(4, 4, 4, new Vec3(1, 1, 1), Vec3.Zero, Tilted);
        var error = Assert.Throws<GridMismatchException>(() => a.EnsureSameAs(a with { Origin = new Vec3(0, 0, 0.5) }, "pred.nrrd", "gt.nrrd"));
        Assert.Contains("origin", error.Message);
        Assert.Contains("pred.nrrd", error.Message);
        Assert.Contains("gt.nrrd", error.Message);
        a.EnsureSameAs(a with { Origin = new Vec3(0, 0, 1e-6) }, "a", "b");
        Assert.Contains("sizes", a.DifferenceFrom(a with { SizeZ = 5 }));
        Assert.Contains("direction", a.DifferenceFrom(a with { Direction = Mat3.Identity }));
    }

    [Fact]
    public void Offset_IsXFastest()
    {
        var grid = Grid.AxisAligned(3, 4, 5, new Vec3(1, 1, 1), Vec3.Zero);
        Assert.Equal(1, grid.Offset(1, 0, 0));
        Assert.Equal(3, grid.Offset(0, 1, 0));
        Assert.Equal(12, grid.Offset(0, 0, 1));
        Assert.Equal(59, grid.Offset(2, 3, 4));
    }
}
