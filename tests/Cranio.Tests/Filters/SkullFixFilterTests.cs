using Cranio.Filters;
using Cranio.IO;
using Cranio.Volumes;

namespace Cranio.Tests.Filters;

/// <summary>The filters on a real SkullFix case (oblique grid): invariants that must hold on real anatomy.</summary>
public class SkullFixFilterTests
{
    private static Volume<byte> ReadMask(string part)
    {
        Volume<byte> mask = VolumeFile.Read(SharedData.Case(part, 0)).ConvertTo<byte>();
        Assert.Equal((0.0, 1.0), mask.ValueRange());
        return mask;
    }

    [SkippableFact]
    public void Labelling_PartitionsTheSkull_AndKeepLargestKeepsTheGrid()
    {
        Skip.If(SharedData.SkullFixDirectory is null, SharedData.MissingMessage);
        Volume<byte> skull = ReadMask("complete_skull");

        ComponentLabels labels = ConnectedComponents.Label(skull, Connectivity.Full);
        Volume<byte> largest = ConnectedComponents.KeepLargest(skull);

        Assert.Equal(skull.Grid.VoxelCount, labels.VoxelCounts.Sum());
        Assert.Equal(skull.CountNonZero(), labels.VoxelCounts.Sum() - labels.VoxelCounts[0]);
        Assert.Equal(labels.VoxelCounts[labels.LargestLabel], largest.CountNonZero());
        Assert.Same(skull.Grid, largest.Grid);
        for (int i = 0; i < skull.Data.Length; i++)
            Assert.False(largest.Data[i] != 0 && skull.Data[i] == 0);
    }

    [SkippableFact]
    public void FillSmallHoles_LeavesTheRealDefectOpen()
    {
        Skip.If(SharedData.SkullFixDirectory is null, SharedData.MissingMessage);
        Volume<byte> defective = ReadMask("defective_skull");
        Volume<byte> implant = ReadMask("implant");

        Volume<byte> filled = HoleFilling.FillSmallHoles(defective, 10);

        long implantVoxels = 0, implantFilled = 0;
        for (int i = 0; i < defective.Data.Length; i++)
        {
            Assert.False(defective.Data[i] != 0 && filled.Data[i] == 0);
            if (implant.Data[i] == 0) continue;
            implantVoxels++;
            implantFilled += filled.Data[i];
        }
        Assert.True(implantVoxels > 10_000);
        // Only the dimples along the rim of the defect may be touched, not the opening itself.
        Assert.True(implantFilled < implantVoxels / 500, $"{implantFilled} of {implantVoxels} implant voxels were filled");
        Assert.Same(defective.Grid, filled.Grid);
    }
}
