using Cranio.Evaluation;
using Cranio.IO;
using Cranio.Volumes;

namespace Cranio.Tests.Evaluation;

/// <summary>Invariants of the metrics on a real SkullFix case (oblique 512×512×Z grid); skipped without the data.</summary>
public class SkullFixEvaluationTests
{
    [SkippableFact]
    public void RealCase_IdenticalIsPerfect_ShiftedAlongZIsBoundedByTheShift()
    {
        Skip.If(SharedData.SkullFixDirectory is null, SharedData.MissingMessage);
        Volume<byte> truth = VolumeFile.Read(SharedData.Case("implant", 0)).ToMask();
        Volume<byte> defective = VolumeFile.Read(SharedData.Case("defective_skull", 0)).ToMask();

        CaseMetrics same = CaseEvaluator.Evaluate("000", truth.Clone(), truth, defective);
        Assert.Equal(1.0, same.Dice);
        Assert.Equal(1.0, same.BoundaryDice);
        Assert.Equal(0.0, same.Hausdorff);
        Assert.Equal(0.0, same.Hausdorff95);
        Assert.Equal(0.0, same.ReconstructionError);

        // Shift by k = 2 slices: every surface voxel has a partner at most k·sz away (its own shifted copy).
        const int k = 2;
        Grid g = truth.Grid;
        var shifted = new Volume<byte>(g);
        Array.Copy(truth.Data, 0, shifted.Data, k * g.SliceLength, truth.Data.Length - k * g.SliceLength);
        CaseMetrics moved = CaseEvaluator.Evaluate("000", shifted, truth, defective);
        Assert.InRange(moved.Dice, 0.3, 0.999);
        Assert.InRange(moved.Hausdorff, g.Spacing.Z * 0.999, k * g.Spacing.Z + 1e-4);
        Assert.InRange(moved.Hausdorff95, 0, moved.Hausdorff);
        Assert.Equal(truth.CountNonZero(), moved.Overlap.Truth);
        Assert.Equal((double)moved.Overlap.Different / truth.CountNonZero(), moved.VolumetricError, 12);
    }
}
