using Cranio.Filters;
using Cranio.Volumes;

namespace Cranio.Tests.Filters;

public class BallFootprintTests
{
    [Theory]
    [InlineData(0.0, 1)]
    [InlineData(1.0, 7)] // centre + 6 face neighbours
    [InlineData(1.4142135623730951, 19)] // + 12 edge neighbours, exactly on the sphere
    [InlineData(1.7320508075688772, 27)] // + 8 corners
    [InlineData(2.0, 33)] // + 6 voxels at distance 2
    public void IsotropicUnitGrid_HasTheKnownCounts(double radius, int count)
    {
        var ball = BallFootprint.Create(Grid.AxisAligned(5, 5, 5, new Vec3(1, 1, 1), Vec3.Zero), radius);
        Assert.Equal(count, ball.Count);
        Assert.Equal(count, ball.Chords.Sum(c => c.MaxDx - c.MinDx + 1));
    }

    [Fact]
    public void AnisotropicGrid_HasExtentsFromSpacing_AndIsSymmetric()
    {
        var grid = new Grid(3, 3, 3, new Vec3(0.45, 0.5, 0.9), Vec3.Zero,
            Mat3.FromColumns(new Vec3(1, 0, 0), new Vec3(0.2, 1, 0).Normalized(), new Vec3(0, 0, 1)));

        var ball = BallFootprint.Create(grid, 2);

        Assert.Equal(2, ball.ExtentZ); // ⌊2 / 0.9⌋
        Assert.Equal(1, ball.Count % 2);
        var offsets = new HashSet<(int, int, int)>();
        foreach (var chord in ball.Chords)
            for (int dx = chord.MinDx; dx <= chord.MaxDx; dx++)
            {
                offsets.Add((dx, chord.Dy, chord.Dz));
                Vec3 p = grid.SpaceDirections * new Vec3(dx, chord.Dy, chord.Dz);
                Assert.True(p.Length <= 2 + 1e-9, $"({dx}, {chord.Dy}, {chord.Dz}) is {p.Length} mm away");
            }
        foreach (var (dx, dy, dz) in offsets) Assert.Contains((-dx, -dy, -dz), offsets);
        // Every offset in a generous box that is within 2 mm is in the ball.
        for (int dz = -4; dz <= 4; dz++)
            for (int dy = -8; dy <= 8; dy++)
                for (int dx = -10; dx <= 10; dx++)
                    Assert.Equal((grid.SpaceDirections * new Vec3(dx, dy, dz)).Length <= 2 - 1e-9 || offsets.Contains((dx, dy, dz)),
                        offsets.Contains((dx, dy, dz)));
    }

    [Fact]
    public void NegativeRadius_IsRejected()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => BallFootprint.Create(Grid.AxisAligned(1, 1, 1, new Vec3(1, 1, 1), Vec3.Zero), -2));
        Assert.Equal("radiusMm", error.ParamName);
        Assert.Contains("got -2", error.Message);
    }
}
