using Cranio.Defects;
using Cranio.IO;
using Cranio.Volumes;

namespace Cranio.Tests.Defects;

public class SkullFixDefectTests
{
    [SkippableFact]
    public void RealSkull_VaultHoldsTheSkullFixDefect_AndInjectedDefectsPartitionIt()
    {
        Skip.If(SharedData.SkullFixDirectory is null, SharedData.MissingMessage);
        Volume<byte> complete = VolumeFile.Read(SharedData.Case("complete_skull", 10)).ToMask();
        Volume<byte> skullFixImplant = VolumeFile.Read(SharedData.Case("implant", 10)).ToMask();
        SkullGeometry geometry = SkullGeometry.Analyze(complete);

        // The vault was derived from the complete skull alone; the data set's own (real-style) defect lies on it.
        Assert.True(MeanHeight(skullFixImplant, geometry) > geometry.BasePlaneHeight);
        Assert.True(geometry.Superior.Z > 0.9, $"superior {geometry.Superior}");
        Assert.True(geometry.Anterior.Y < -0.9, $"anterior {geometry.Anterior}");

        var injector = new DefectInjector();
        foreach (ulong seed in new ulong[] { 1, 2 })
        {
            DefectResult result = injector.Inject(complete, geometry, seed);
            Assert.Same(complete.Grid, result.Implant.Grid);
            Assert.True(result.Record.ImplantVolumeCm3 >= 1);
            Assert.True(MeanHeight(result.Implant, geometry) > geometry.BasePlaneHeight);
            byte[] c = complete.Data, d = result.Defective.Data, i = result.Implant.Data;
            for (long o = 0; o < c.Length; o++)
                if ((d[o] & i[o]) != 0 || (d[o] | i[o]) != c[o])
                    Assert.Fail($"voxel {o}: complete {c[o]}, defective {d[o]}, implant {i[o]}");
        }
    }

    private static double MeanHeight(Volume<byte> mask, SkullGeometry geometry)
    {
        Grid grid = mask.Grid;
        double sum = 0;
        long n = 0;
        for (int z = 0; z < grid.SizeZ; z++)
            for (int y = 0; y < grid.SizeY; y++)
                for (int x = 0; x < grid.SizeX; x++)
                    if (mask[x, y, z] != 0) { sum += geometry.Height(grid.IndexToPhysical(x, y, z)); n++; }
        return sum / n;
    }
}
