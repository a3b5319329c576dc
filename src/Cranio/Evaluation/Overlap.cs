using Cranio.Volumes;

namespace Cranio.Evaluation;

/// <summary>
/// Voxel counts of a prediction P against a ground truth G on the same grid, and the overlap metrics of the
/// AutoImplant challenges derived from them.
/// </summary>
/// <param name="Predicted">|P|: non-zero voxels of the prediction.</param>
/// <param name="Truth">|G|: non-zero voxels of the ground truth.</param>
/// <param name="Intersection">|P ∩ G|.</param>
/// <param name="VoxelCount">N: all voxels of the grid.</param>
public readonly record struct Overlap(long Predicted, long Truth, long Intersection, long VoxelCount)
{
    /// <summary>|P ≠ G| = |P| + |G| − 2|P ∩ G|: voxels where the two masks differ.</summary>
    public long Different => Predicted + Truth - 2 * Intersection;

    /// <summary>Dice similarity coefficient 2|P ∩ G| / (|P| + |G|); 0 when both masks are empty (as the challenge scorer).</summary>
    public double Dice => Predicted + Truth == 0 ? 0 : 2.0 * Intersection / (Predicted + Truth);

    /// <summary>Reconstruction error |P ≠ G| / N (Li et al. 2020): the fraction of all voxels predicted wrongly.</summary>
    public double ReconstructionError => (double)Different / VoxelCount;

    /// <summary>
    /// Volumetric error rate ‖G − P‖₁ / ‖G‖₁ = |P ≠ G| / |G| (Wu et al. 2022), as a fraction (multiply by 100 for %).
    /// +∞ when the ground truth is empty and the prediction is not, 0 when both are empty.
    /// </summary>
    public double VolumetricError => Truth == 0 ? (Different == 0 ? 0 : double.PositiveInfinity) : (double)Different / Truth;

    /// <summary>Counts the voxels of <paramref name="prediction"/> and <paramref name="truth"/> (masks: non-zero is inside).</summary>
    /// <exception cref="GridMismatchException">The grids differ.</exception>
    public static Overlap Measure(Volume<byte> prediction, Volume<byte> truth, string predictionName = "prediction", string truthName = "ground truth")
    {
        ArgumentNullException.ThrowIfNull(prediction);
        ArgumentNullException.ThrowIfNull(truth);
        prediction.Grid.EnsureSameAs(truth.Grid, predictionName, truthName);
        return Count(prediction.Data, truth.Data, prediction.Grid.SliceLength, prediction.Grid.SizeZ);
    }

    /// <summary>Counts over masks stored as equal-length arrays, in parallel over slices.</summary>
    internal static Overlap Count(byte[] p, byte[] g, int sliceLength, int slices)
    {
        long predicted = 0, truth = 0, intersection = 0;
        Parallel.For(0, slices, () => (P: 0L, G: 0L, I: 0L), (z, _, acc) =>
        {
            ReadOnlySpan<byte> a = p.AsSpan(z * sliceLength, sliceLength);
            ReadOnlySpan<byte> b = g.AsSpan(z * sliceLength, sliceLength);
            long cp = 0, cg = 0, ci = 0;
            for (int i = 0; i < a.Length; i++)
            {
                int x = a[i] != 0 ? 1 : 0, y = b[i] != 0 ? 1 : 0;
                cp += x;
                cg += y;
                ci += x & y;
            }
            return (acc.P + cp, acc.G + cg, acc.I + ci);
        }, acc =>
        {
            Interlocked.Add(ref predicted, acc.P);
            Interlocked.Add(ref truth, acc.G);
            Interlocked.Add(ref intersection, acc.I);
        });
        return new Overlap(predicted, truth, intersection, p.LongLength);
    }
}
