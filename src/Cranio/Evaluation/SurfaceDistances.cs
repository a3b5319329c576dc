using Cranio.Filters;
using Cranio.Volumes;

namespace Cranio.Evaluation;

/// <summary>
/// Distances in mm between the surfaces of a prediction P and a ground truth G, as the AutoImplant scorer
/// (MedPy's <c>__surface_distances</c>) measures them: surface voxels are each mask minus its 6-connected
/// erosion (<see cref="SurfaceVoxels"/>); every surface voxel of P gets the Euclidean distance, with the grid's
/// spacing, from its centre to the nearest surface voxel centre of G, and vice versa.
/// </summary>
/// <remarks>
/// <para>Only the box that holds both masks is transformed: it contains every surface voxel, so every nearest
/// partner, and the distances are exact (the same as a distance transform of the whole volume).</para>
/// <para>On an oblique grid the spacing is the length of each direction vector and the axes are treated as
/// orthogonal, as the scorer does with the voxel spacing.</para>
/// <para>When either mask is empty there is no surface to measure from: both distance sets are empty and
/// <see cref="Hausdorff"/>, <see cref="Hausdorff95"/>, <see cref="MeanAbsolute"/>, <see cref="RootMeanSquare"/>
/// are +∞ (the challenge's MedPy scorer raises an error instead).</para>
/// </remarks>
public sealed class SurfaceDistances
{
    private double[]? _pooledSorted;

    private SurfaceDistances(float[] predictionToTruth, float[] truthToPrediction)
    {
        PredictionToTruth = predictionToTruth;
        TruthToPrediction = truthToPrediction;
    }

    /// <summary>For each surface voxel of the prediction (x-fastest order), the distance in mm to the nearest surface voxel of the ground truth.</summary>
    public IReadOnlyList<float> PredictionToTruth { get; }

    /// <summary>For each surface voxel of the ground truth (x-fastest order), the distance in mm to the nearest surface voxel of the prediction.</summary>
    public IReadOnlyList<float> TruthToPrediction { get; }

    /// <summary>True when either mask was empty (every distance metric is then +∞).</summary>
    public bool IsUndefined => PredictionToTruth.Count == 0 || TruthToPrediction.Count == 0;

    /// <summary>Symmetric Hausdorff distance in mm: max(max P→G, max G→P); +∞ when a mask is empty.</summary>
    public double Hausdorff => IsUndefined ? double.PositiveInfinity : Pooled[^1];

    /// <summary>
    /// HD95 in mm: the 95th percentile (numpy 'linear', <see cref="Percentile.Linear"/>) of the two distance
    /// sets pooled together, as MedPy's <c>hd95</c>; +∞ when a mask is empty.
    /// </summary>
    public double Hausdorff95 => IsUndefined ? double.PositiveInfinity : Percentile.LinearOfSorted(Pooled, 95);

    /// <summary>Mean absolute surface deviation in mm: the mean of the pooled distances (the average symmetric surface distance); +∞ when a mask is empty.</summary>
    public double MeanAbsolute => IsUndefined ? double.PositiveInfinity : Pooled.Average();

    /// <summary>Root-mean-square surface deviation in mm over the pooled distances; +∞ when a mask is empty.</summary>
    public double RootMeanSquare => IsUndefined ? double.PositiveInfinity : Math.Sqrt(Pooled.Sum(d => d * d) / Pooled.Length);

    /// <summary>Maximum surface deviation in mm (equal to <see cref="Hausdorff"/>).</summary>
    public double Max => Hausdorff;

    private double[] Pooled => _pooledSorted ??= PoolSorted();

    private double[] PoolSorted()
    {
        var all = new double[PredictionToTruth.Count + TruthToPrediction.Count];
        int k = 0;
        foreach (float d in PredictionToTruth) all[k++] = d;
        foreach (float d in TruthToPrediction) all[k++] = d;
        Array.Sort(all);
        return all;
    }

    /// <summary>Measures the surface distances between <paramref name="prediction"/> and <paramref name="truth"/>.</summary>
    /// <param name="prediction">Prediction mask (non-zero is inside).</param>
    /// <param name="truth">Ground-truth mask on the same grid.</param>
    /// <param name="predictionName">Name of the prediction in error messages (for example its file).</param>
    /// <param name="truthName">Name of the ground truth in error messages.</param>
    /// <exception cref="GridMismatchException">The grids differ.</exception>
    public static SurfaceDistances Measure(Volume<byte> prediction, Volume<byte> truth, string predictionName = "prediction", string truthName = "ground truth")
    {
        ArgumentNullException.ThrowIfNull(prediction);
        ArgumentNullException.ThrowIfNull(truth);
        prediction.Grid.EnsureSameAs(truth.Grid, predictionName, truthName);
        return Measure(prediction, truth, MaskBoxes.Of(prediction), MaskBoxes.Of(truth));
    }

    /// <summary>As <see cref="Measure(Volume{byte}, Volume{byte}, string, string)"/> with the masks' bounding boxes already known.</summary>
    internal static SurfaceDistances Measure(Volume<byte> prediction, Volume<byte> truth, VoxelBox? predictionBox, VoxelBox? truthBox)
    {
        if (predictionBox is null || truthBox is null) return new SurfaceDistances([], []);
        VoxelBox box = MaskBoxes.Union(predictionBox, truthBox)!.Value;
        Volume<byte> p = SurfaceVoxels.Of(Cropping.Crop(prediction, box));
        Volume<byte> g = SurfaceVoxels.Of(Cropping.Crop(truth, box));
        float[] toTruth = Sample(DistanceTransform.DistanceToForeground(g), p);
        float[] toPrediction = Sample(DistanceTransform.DistanceToForeground(p), g);
        return new SurfaceDistances(toTruth, toPrediction);
    }

    /// <summary>The values of <paramref name="distance"/> at the non-zero voxels of <paramref name="at"/>, in x-fastest order.</summary>
    private static float[] Sample(Volume<float> distance, Volume<byte> at)
    {
        byte[] mask = at.Data;
        float[] d = distance.Data;
        var result = new List<float>();
        for (int i = 0; i < mask.Length; i++)
            if (mask[i] != 0) result.Add(d[i]);
        return result.ToArray();
    }
}
