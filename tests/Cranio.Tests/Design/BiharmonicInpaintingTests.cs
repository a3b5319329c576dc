using Cranio.Design;
using Cranio.Volumes;

namespace Cranio.Tests.Design;

public sealed class BiharmonicInpaintingTests
{
    private static double Smooth(Vec3 d) => 80 + 6 * d.X - 4 * d.Y * d.Z + 3 * d.Z * d.Z;

    private static (Icosphere Mesh, double[] Truth, bool[] Unknown) Cap(double capDegrees)
    {
        var mesh = Icosphere.Create(5);
        var axis = new Vec3(0.3, -0.5, 0.8).Normalized();
        double cos = Math.Cos(capDegrees * Math.PI / 180);
        var truth = new double[mesh.VertexCount];
        var unknown = new bool[mesh.VertexCount];
        for (int v = 0; v < mesh.VertexCount; v++)
        {
            truth[v] = Smooth(mesh.Vertices[v]);
            unknown[v] = mesh.Vertices[v].Dot(axis) >= cos;
        }
        return (mesh, truth, unknown);
    }

    [Fact]
    public void RestoresASmoothFieldOverACapAndBeatsAHarmonicFill()
    {
        var (mesh, truth, unknown) = Cap(25);
        var values = truth.Select((t, v) => unknown[v] ? double.NaN : t).ToArray();
        BiharmonicInpainting.Fill(mesh, values, unknown);
        double biharmonicError = MaxError(values, truth, unknown);

        // A harmonic fill (mean of the neighbours, iterated to convergence) for comparison.
        var harmonic = truth.Select((t, v) => unknown[v] ? 80.0 : t).ToArray();
        for (int iteration = 0; iteration < 20000; iteration++)
            for (int v = 0; v < mesh.VertexCount; v++)
            {
                if (!unknown[v]) continue;
                double sum = 0;
                foreach (int w in mesh.Neighbours(v)) sum += harmonic[w];
                harmonic[v] = sum / mesh.Neighbours(v).Length;
            }
        double harmonicError = MaxError(harmonic, truth, unknown);
        // The field is not exactly biharmonic on the sphere; the fill stays within a third of a SkullFix voxel.
        Assert.True(biharmonicError < 0.3, $"biharmonic max error {biharmonicError:F3} (harmonic {harmonicError:F3})");
        Assert.True(biharmonicError < 0.5 * harmonicError, $"biharmonic {biharmonicError:F3} vs harmonic {harmonicError:F3}");
    }

    [Fact]
    public void AGuideOfTheTemplatesLaplacianReproducesTheTemplateExactly()
    {
        // A bump in the middle of the cap: no fill from the border alone can know it.
        var (mesh, _, unknown) = Cap(30);
        var axis = new Vec3(0.3, -0.5, 0.8).Normalized();
        var truth = new double[mesh.VertexCount];
        for (int v = 0; v < truth.Length; v++)
            truth[v] = 80 + 10 * Math.Exp(-(mesh.Vertices[v] - axis).Dot(mesh.Vertices[v] - axis) / 0.02);
        var guide = SymmetryTemplate.Laplacian(mesh, truth);
        var plain = truth.Select((t, v) => unknown[v] ? double.NaN : t).ToArray();
        var guided = (double[])plain.Clone();
        BiharmonicInpainting.Fill(mesh, plain, unknown);
        BiharmonicInpainting.Fill(mesh, guided, unknown, guide: guide, relativeTolerance: 1e-10);
        Assert.True(MaxError(plain, truth, unknown) > 5, $"plain fill error {MaxError(plain, truth, unknown):F2}");
        Assert.True(MaxError(guided, truth, unknown) < 1e-4, $"guided fill error {MaxError(guided, truth, unknown):E2}");

        // A guide that is NaN everywhere is no guide.
        var nanGuided = truth.Select((t, v) => unknown[v] ? double.NaN : t).ToArray();
        BiharmonicInpainting.Fill(mesh, nanGuided, unknown, guide: truth.Select(_ => double.NaN).ToArray());
        Assert.True(MaxError(nanGuided, plain, unknown) < 1e-6);
    }

    [Fact]
    public void KeepsKnownValuesAndReproducesAConstant()
    {
        var (mesh, _, unknown) = Cap(20);
        var values = new double[mesh.VertexCount];
        for (int v = 0; v < values.Length; v++) values[v] = unknown[v] ? double.NaN : 72.5;
        var before = (double[])values.Clone();
        BiharmonicInpainting.Fill(mesh, values, unknown);
        for (int v = 0; v < values.Length; v++)
        {
            if (unknown[v]) Assert.Equal(72.5, values[v], 6);
            else Assert.Equal(before[v], values[v]);
        }
    }

    [Fact]
    public void ACollarOfSoftValuesDampsNoiseAtTheBorder()
    {
        var (mesh, truth, unknown) = Cap(25);
        var random = new Random(11);
        var noisy = truth.Select((t, v) => unknown[v] ? double.NaN : t + (random.NextDouble() - 0.5)).ToArray();
        var hard = (double[])noisy.Clone();
        BiharmonicInpainting.Fill(mesh, hard, unknown);
        var soft = (double[])noisy.Clone();
        BiharmonicInpainting.Fill(mesh, soft, unknown, SphericalSkullMap.Band(mesh, unknown, 8), 0.05);
        double hardError = MeanError(hard, truth, unknown), softError = MeanError(soft, truth, unknown);
        Assert.True(softError < hardError, $"soft {softError:F3} vs hard {hardError:F3}");
        Assert.True(softError < 0.3, $"soft mean error {softError:F3}");
    }

    [Fact]
    public void RejectsArraysOfTheWrongLength()
    {
        var mesh = Icosphere.Create(2);
        Assert.Throws<ArgumentException>(() => BiharmonicInpainting.Fill(mesh, new double[3], new bool[mesh.VertexCount]));
    }

    private static double MaxError(double[] values, double[] truth, bool[] unknown) =>
        Enumerable.Range(0, values.Length).Where(v => unknown[v]).Max(v => Math.Abs(values[v] - truth[v]));

    private static double MeanError(double[] values, double[] truth, bool[] unknown) =>
        Enumerable.Range(0, values.Length).Where(v => unknown[v]).Average(v => Math.Abs(values[v] - truth[v]));
}
