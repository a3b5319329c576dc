using Cranio.Evaluation;
using Cranio.Filters;
using Cranio.IO;
using Cranio.Phantoms;
using Cranio.Segmentation;
using Cranio.Volumes;

namespace Cranio.Tests.Segmentation;

public class SkullExtractorTests
{
    private static double Dice(Volume<byte> a, Volume<byte> b) => Overlap.Measure(a, b).Dice;

    private static long Intersection(Volume<byte> a, Volume<byte> b) => Overlap.Measure(a, b).Intersection;

    [SkippableFact]
    public void RealSkullRenderedAsCt_IsRecovered_AndHeadRestAndSpecksDropped()
    {
        Skip.If(SharedData.SkullFixDirectory is null, SharedData.MissingMessage);
        Volume<byte> skull = VolumeFile.Read(SharedData.Case("complete_skull", 5)).ToMask();
        SyntheticHeadCt head = SyntheticHeadCt.Render(skull, seed: 11);
        Assert.True(head.HeadRest.CountNonZero() > 10_000, "the head-rest must be present in the CT");
        Assert.True(head.Specks.CountNonZero() > 50, "the specks must be present in the CT");

        var (mask, report) = new SkullExtractor(SkullExtractionOptions.Default).Extract(head.Ct);

        Assert.Null(mask.Grid.DifferenceFrom(skull.Grid));
        Assert.True(Dice(mask, skull) >= 0.99, $"DSC {Dice(mask, skull):F4}");
        Assert.Equal(0, Intersection(mask, head.HeadRest));
        Assert.Equal(0, Intersection(mask, head.Specks));
        Assert.True(report.ComponentsDropped >= 4, $"head-rest and three specks are separate components; dropped {report.ComponentsDropped}");
        Assert.Equal(mask.CountNonZero(), report.SkullVoxels);
    }

    [Fact]
    public void Defaults_AreThresholdAndLargest26ConnectedComponent()
    {
        var (ct, truth) = SkullPhantom.Ct(new SkullPhantomOptions(Spacing: 1.6, TiltDegrees: 8, DefectRadius: 20));
        var (mask, report) = new SkullExtractor(SkullExtractionOptions.Default).Extract(ct);
        Volume<byte> reference = ConnectedComponents.KeepLargest(ct.ToMask(150), 26);
        Assert.Equal(reference.Data, mask.Data);
        Assert.True(Dice(mask, truth) >= 0.98, $"DSC against the phantom's bone {Dice(mask, truth):F4}");
        Assert.Equal(["threshold ≥ 150 HU", $"largest 26-connected component of {report.ComponentsFound}"], report.Steps);
        Assert.Equal(string.Join("; ", report.Steps), mask.Metadata["cranio.segmentation"]);
    }

    [Fact]
    public void OptionalSteps_AreRecorded_AndHoleFillingKeepsTheDefectOpen()
    {
        var options = new SkullPhantomOptions(Spacing: 1.2, NoiseHu: 10, DefectRadius: 25);
        var (ct, truth) = SkullPhantom.Ct(options);
        Volume<byte> removed = Difference(SkullPhantom.Mask(options with { DefectRadius = 0 }), truth);
        var extractor = new SkullExtractor(new SkullExtractionOptions(smoothRadiusMm: 2, fillCavities: true, fillHolesAreaMm2: 30));
        var (mask, report) = extractor.Extract(ct);
        Assert.Equal(5, report.Steps.Count);
        Assert.Contains("majority smoothing, radius 2 mm", report.Steps);
        Assert.Contains("holes up to 30 mm² filled", report.Steps);
        // The 25 mm defect is far wider than a 30 mm² hole: at most a sliver along its rim may close.
        Assert.True(Intersection(mask, removed) < 0.02 * removed.CountNonZero(), $"{Intersection(mask, removed)} of {removed.CountNonZero()} defect voxels were filled");
        Assert.True(Dice(mask, truth) >= 0.95, $"DSC {Dice(mask, truth):F4}");
    }

    [Fact]
    public void UpperThreshold_ExcludesBrighterValues()
    {
        var grid = Grid.AxisAligned(4, 1, 1, new Vec3(1, 1, 1), Vec3.Zero);
        var ct = new Volume<short>(grid, [100, 200, 3000, 200]);
        var (mask, _) = new SkullExtractor(new SkullExtractionOptions(upperHu: 2000, keepLargestComponent: false)).Extract(ct);
        Assert.Equal(new byte[] { 0, 1, 0, 1 }, mask.Data);
    }

    [Theory]
    [InlineData(150, 100, 26, 0, 0)]
    [InlineData(150, double.PositiveInfinity, 4, 0, 0)]
    [InlineData(150, double.PositiveInfinity, 26, -1, 0)]
    [InlineData(150, double.PositiveInfinity, 26, 0, double.NaN)]
    [InlineData(double.NaN, double.PositiveInfinity, 26, 0, 0)]
    public void Options_RejectBadValues(double lower, double upper, int connectivity, double smooth, double holes)
    {
        Assert.ThrowsAny<ArgumentException>(() => new SkullExtractionOptions(lower, upper, true, connectivity, smooth, false, holes));
    }

    private static Volume<byte> Difference(Volume<byte> a, Volume<byte> b)
    {
        var result = a.SameGrid<byte>();
        for (int i = 0; i < a.Data.Length; i++) result.Data[i] = (byte)(a.Data[i] & (1 - b.Data[i]));
        return result;
    }
}
