using Cranio.Volumes;

namespace Cranio.Evaluation;

/// <summary>Computes every metric of one case: DSC, bDSC, HD95, HD, RE, volumetric error and surface deviation.</summary>
public static class CaseEvaluator
{
    /// <summary>
    /// Evaluates <paramref name="prediction"/> against <paramref name="truth"/>; bDSC only when
    /// <paramref name="defectiveSkull"/> is given. All masks must share one grid.
    /// </summary>
    /// <param name="name">Case name, used in the result and in error messages.</param>
    /// <param name="prediction">Predicted implant mask.</param>
    /// <param name="truth">Ground-truth implant mask.</param>
    /// <param name="defectiveSkull">Defective skull mask, or null.</param>
    /// <param name="options">Settings; <see cref="EvaluationOptions.Default"/> when null.</param>
    /// <exception cref="GridMismatchException">The grids differ; the message names the case and both inputs.</exception>
    public static CaseMetrics Evaluate(string name, Volume<byte> prediction, Volume<byte> truth, Volume<byte>? defectiveSkull = null, EvaluationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        ArgumentNullException.ThrowIfNull(truth);
        options ??= EvaluationOptions.Default;
        truth.Grid.EnsureSameAs(prediction.Grid, $"{name} ground truth", $"{name} prediction");
        if (defectiveSkull is not null) truth.Grid.EnsureSameAs(defectiveSkull.Grid, $"{name} ground truth", $"{name} defective skull");

        Overlap overlap = Overlap.Count(prediction.Data, truth.Data, truth.Grid.SliceLength, truth.Grid.SizeZ);
        VoxelBox? predictionBox = MaskBoxes.Of(prediction), truthBox = MaskBoxes.Of(truth);
        double boundary = defectiveSkull is null
            ? double.NaN
            : BoundaryDice.Measure(prediction, truth, defectiveSkull, MaskBoxes.Union(predictionBox, truthBox), options.BoundaryWidthMm).Dice;
        if (!options.SurfaceDistances) return new CaseMetrics(name, overlap, boundary, double.NaN, double.NaN, double.NaN, double.NaN);
        SurfaceDistances surface = SurfaceDistances.Measure(prediction, truth, predictionBox, truthBox);
        return new CaseMetrics(name, overlap, boundary, surface.Hausdorff95, surface.Hausdorff, surface.MeanAbsolute, surface.RootMeanSquare);
    }
}
