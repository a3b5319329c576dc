using Cranio.Filters;
using Cranio.Volumes;

namespace Cranio.Tests.Filters;

public class ConnectedComponentsTests
{
    private static Grid Cube(int n, double spacing = 1) => Grid.AxisAligned(n, n, n, new Vec3(spacing, spacing, spacing), Vec3.Zero);

    public static TheoryData<int, int, double> RandomCases()
    {
        var data = new TheoryData<int, int, double>();
        foreach (int connectivity in new[] { 6, 18, 26 })
            foreach (int seed in new[] { 1, 2, 3 })
                foreach (double density in new[] { 0.2, 0.45, 0.7 })
                    data.Add(connectivity, seed, density);
        return data;
    }

    [Theory]
    [MemberData(nameof(RandomCases))]
    public void Label_MatchesFloodFill_OnRandomVolumes(int connectivity, int seed, double density)
    {
        // Non-cubic sizes and more z-slices than slabs exercise the slab-border merge.
        var grid = Grid.AxisAligned(13, 9, 41, new Vec3(0.5, 0.7, 1.3), new Vec3(1, 2, 3));
        Volume<byte> mask = MaskReference.Random(grid, density, seed);
        var (expected, expectedCount) = MaskReference.FloodFill(mask, connectivity);

        ComponentLabels result = ConnectedComponents.Label(mask, connectivity);

        Assert.Equal(expectedCount, result.Count);
        Assert.Equal(expected, result.Labels.Data);
        Assert.Same(grid, result.Labels.Grid);
        for (int label = 0; label <= result.Count; label++)
            Assert.Equal(expected.LongCount(l => l == label), result.VoxelCounts[label]);
    }

    [Theory]
    [InlineData(6)]
    [InlineData(18)]
    [InlineData(26)]
    public void LabelBackground_MatchesFloodFillOfZeros(int connectivity)
    {
        var grid = Grid.AxisAligned(11, 12, 23, new Vec3(1, 1, 1), Vec3.Zero);
        Volume<byte> mask = MaskReference.Random(grid, 0.6, 7);
        var (expected, expectedCount) = MaskReference.FloodFill(mask, connectivity, background: true);

        ComponentLabels result = ConnectedComponents.LabelBackground(mask, connectivity);

        Assert.Equal(expectedCount, result.Count);
        Assert.Equal(expected, result.Labels.Data);
    }

    [Theory]
    [InlineData(6, 2)]
    [InlineData(18, 1)]
    [InlineData(26, 1)]
    public void EdgeTouch_JoinsOnlyFor18And26(int connectivity, int expectedCount)
    {
        var mask = new Volume<byte>(Cube(4));
        mask[1, 1, 1] = 1;
        mask[2, 2, 1] = 1; // shares an edge with (1,1,1)
        Assert.Equal(expectedCount, ConnectedComponents.Label(mask, connectivity).Count);
    }

    [Theory]
    [InlineData(6, 2)]
    [InlineData(18, 2)]
    [InlineData(26, 1)]
    public void CornerTouch_JoinsOnlyFor26(int connectivity, int expectedCount)
    {
        var mask = new Volume<byte>(Cube(4));
        mask[1, 1, 1] = 1;
        mask[2, 2, 2] = 1; // shares only a corner
        Assert.Equal(expectedCount, ConnectedComponents.Label(mask, connectivity).Count);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void SelectMarkedKeepsExactlyTheComponentsWithAMarkedVoxel(int seed)
    {
        var random = new Random(seed);
        var mask = new Volume<byte>(Cube(20));
        for (int i = 0; i < mask.Data.Length; i++) mask.Data[i] = (byte)(random.NextDouble() < 0.3 ? 1 : 0);
        var marks = new bool[mask.Data.Length];
        for (int i = 0; i < marks.Length; i++) marks[i] = random.NextDouble() < 0.02;
        var labels = ConnectedComponents.Label(mask, Connectivity.Full);
        Volume<byte> kept = labels.SelectMarked(i => marks[i]);
        // Reference: a component is kept when any of its voxels is marked.
        var markedLabels = new HashSet<int>();
        for (int i = 0; i < marks.Length; i++)
            if (marks[i] && labels.Labels.Data[i] > 0) markedLabels.Add(labels.Labels.Data[i]);
        Assert.NotEmpty(markedLabels);
        Assert.True(markedLabels.Count < labels.Count, "some components must go unmarked for the test to mean anything");
        for (int i = 0; i < marks.Length; i++)
            Assert.Equal(markedLabels.Contains(labels.Labels.Data[i]) ? 1 : 0, kept.Data[i]);
        Assert.Same(mask.Grid, kept.Grid);
    }

    [Fact]
    public void Labels_AreNumberedByFirstVoxelInScanOrder()
    {
        var mask = new Volume<byte>(Cube(5));
        mask[4, 4, 0] = 1; // first in scan order, but high x and y
        mask[0, 0, 3] = 1;
        mask[0, 0, 4] = 1;
        mask[2, 0, 1] = 1;
        ComponentLabels result = ConnectedComponents.Label(mask, 6);
        Assert.Equal(3, result.Count);
        Assert.Equal(1, result.Labels[4, 4, 0]);
        Assert.Equal(2, result.Labels[2, 0, 1]);
        Assert.Equal(3, result.Labels[0, 0, 3]);
        Assert.Equal(3, result.Labels[0, 0, 4]);
        Assert.Equal(2, result.VoxelCounts[3]);
        Assert.Equal(125 - 4, result.VoxelCounts[0]);
    }

    [Fact]
    public void UShape_MergesBranchesThatMeetLater()
    {
        // Two vertical bars joined only at the top: labelled once even though they start apart.
        var mask = new Volume<byte>(Cube(6));
        for (int z = 0; z < 6; z++)
        {
            mask[1, 2, z] = 1;
            mask[4, 2, z] = 1;
        }
        for (int x = 1; x <= 4; x++) mask[x, 2, 5] = 1;
        ComponentLabels result = ConnectedComponents.Label(mask, 6);
        Assert.Equal(1, result.Count);
        Assert.Equal(14, result.VoxelCounts[1]); // 2 bars of 6 + 2 bridge voxels
    }

    [Fact]
    public void EmptyMask_HasNoComponents()
    {
        var mask = new Volume<byte>(Cube(3));
        ComponentLabels result = ConnectedComponents.Label(mask);
        Assert.Equal(0, result.Count);
        Assert.Equal(0, result.LargestLabel);
        Assert.Equal(27, result.VoxelCounts[0]);
        Assert.Equal(0, ConnectedComponents.KeepLargest(mask).CountNonZero());
    }

    [Theory]
    [InlineData(4)]
    [InlineData(0)]
    [InlineData(8)]
    public void InvalidConnectivity_IsRejectedWithTheValue(int connectivity)
    {
        var mask = new Volume<byte>(Cube(3));
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => ConnectedComponents.Label(mask, connectivity));
        Assert.StartsWith($"Connectivity must be 6, 18 or 26; got {connectivity}.", error.Message);
    }

    [Fact]
    public void KeepLargest_KeepsOnlyTheBiggestComponent()
    {
        var mask = new Volume<byte>(Cube(8));
        for (int x = 0; x < 3; x++) mask[x, 0, 0] = 1;         // 3 voxels
        for (int x = 0; x < 5; x++) mask[x, 4, 4] = 1;         // 5 voxels
        mask[7, 7, 7] = 1;                                     // 1 voxel
        mask.Metadata["source"] = "test";
        Volume<byte> largest = ConnectedComponents.KeepLargest(mask);
        Assert.Equal(5, largest.CountNonZero());
        for (int x = 0; x < 5; x++) Assert.Equal(1, largest[x, 4, 4]);
        Assert.Same(mask.Grid, largest.Grid);
        Assert.Equal("test", largest.Metadata["source"]);
    }

    [Fact]
    public void RemoveSmallerThan_UsesPhysicalVolume()
    {
        // Spacing 2 mm: one voxel is 8 mm³. Components of 1, 2 and 4 voxels are 8, 16 and 32 mm³.
        var mask = new Volume<byte>(Cube(8, spacing: 2));
        mask[0, 0, 0] = 1;
        mask[0, 3, 3] = 1; mask[1, 3, 3] = 1;
        for (int x = 4; x < 8; x++) mask[x, 6, 6] = 1;
        ComponentLabels labels = ConnectedComponents.Label(mask);
        Assert.Equal(16.0, labels.VolumeMm3(2), 9);

        Volume<byte> kept = ConnectedComponents.RemoveSmallerThan(mask, 16.0);
        Assert.Equal(6, kept.CountNonZero());
        Assert.Equal(0, kept[0, 0, 0]);
        Assert.Equal(1, kept[1, 3, 3]);
        Assert.Equal(7, ConnectedComponents.RemoveSmallerThan(mask, 0).CountNonZero());
        Assert.Throws<ArgumentOutOfRangeException>(() => ConnectedComponents.RemoveSmallerThan(mask, -1));
    }
}
