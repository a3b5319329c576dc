using Cranio.Design;
using Cranio.IO;
using Cranio.Volumes;
using Xunit.Abstractions;

namespace Cranio.Tests.Design;

/// <summary>The training-free designers on real SkullFix skulls (skipped when the data are absent).</summary>
public sealed class SkullFixDesignTests(ITestOutputHelper output)
{
    [SkippableFact]
    public void SphericalMapDesignerRestoresARealDefect()
    {
        Skip.If(SharedData.SkullFixDirectory is null, SharedData.MissingMessage);
        // Case 1 has an oblique grid (tilted gantry).
        var skull = VolumeFile.Read(SharedData.Case("defective_skull", 1)).ToMask();
        var truth = VolumeFile.Read(SharedData.Case("implant", 1)).ToMask();
        var result = new SphericalMapDesigner().Design(skull);
        double dice = Cranio.Evaluation.Overlap.Measure(result.Implant, truth).Dice;
        output.WriteLine($"DSC {dice:F4}, area {result.Report.TotalOpeningAreaCm2:F1} cm²");
        Assert.Same(skull.Grid, result.Implant.Grid);
        var defect = Assert.Single(result.Report.Defects);
        Assert.InRange(defect.OpeningAreaCm2, 30, 90);
        Assert.True(dice >= 0.9, $"DSC {dice:F4}");
    }

    [SkippableFact]
    public void TheCompleteSkullHasNoDefect()
    {
        Skip.If(SharedData.SkullFixDirectory is null, SharedData.MissingMessage);
        var skull = VolumeFile.Read(SharedData.Case("complete_skull", 1)).ToMask();
        var result = new SphericalMapDesigner().Design(skull);
        Assert.Empty(result.Report.Defects);
        Assert.Equal(0, result.Implant.CountNonZero());
    }
}
