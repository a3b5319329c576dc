using Cranio.Design;
using Cranio.IO;
using Cranio.Learning;
using Cranio.Volumes;
using Xunit.Abstractions;

namespace Cranio.Tests.Design;

public sealed class SkullShapeModelTests(ITestOutputHelper output)
{
    /// <summary>Eight training phantoms: bulges of 2–12 mm, vaults a few millimetres apart, centres up to 4 mm apart.</summary>
    internal static readonly BulgingShellPhantom[] Training =
    [
        new(Height: 2, A: 69, B: 84) { Centre = new Vec3(3, -5, 40) },
        new(Height: 4, A: 71, C: 66) { Centre = new Vec3(5, -4, 41) },
        new(Height: 6, B: 87, C: 64) { Centre = new Vec3(2, -6, 39) },
        new(Height: 8, A: 68, B: 83) { Centre = new Vec3(3, -3, 42) },
        new(Height: 10, A: 72, C: 67) { Centre = new Vec3(4, -5, 38) },
        new(Height: 12, B: 86, C: 63) { Centre = new Vec3(1, -5, 40) },
        new(Height: 3, A: 70, B: 88) { Centre = new Vec3(3, -7, 40) },
        new(Height: 11, A: 69, C: 65) { Centre = new Vec3(3, -5, 43) },
    ];

    private static readonly Lazy<SkullShapeModel> Model = new(() =>
        SkullShapeModel.Build(Training.Select(p => p.Build(p.MakeGrid(2)).Complete), subdivision: 4, modes: 7));

    [Fact]
    public void JacobiEigenRecoversAKnownDecomposition()
    {
        const int n = 12;
        var random = new Random(7);
        var q = new double[n, n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) q[i, j] = random.NextDouble() - 0.5;
        // Gram–Schmidt on the columns.
        for (int j = 0; j < n; j++)
        {
            for (int k = 0; k < j; k++)
            {
                double dot = 0;
                for (int i = 0; i < n; i++) dot += q[i, j] * q[i, k];
                for (int i = 0; i < n; i++) q[i, j] -= dot * q[i, k];
            }
            double norm = Math.Sqrt(Enumerable.Range(0, n).Sum(i => q[i, j] * q[i, j]));
            for (int i = 0; i < n; i++) q[i, j] /= norm;
        }
        double[] expected = Enumerable.Range(0, n).Select(k => 10.0 - 1.5 * k).ToArray();
        var a = new double[n, n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                for (int k = 0; k < n; k++) a[i, j] += q[i, k] * expected[k] * q[j, k];

        var (values, vectors) = DenseSymmetricEigen.Decompose(a);

        for (int k = 0; k < n; k++)
        {
            Assert.Equal(expected[k], values[k], 1e-9);
            for (int i = 0; i < n; i++)
            {
                double av = 0;
                for (int j = 0; j < n; j++) av += a[i, j] * vectors[j, k];
                Assert.Equal(values[k] * vectors[i, k], av, 1e-9);
            }
        }
    }

    [Fact]
    public void PoseFitRecoversAKnownRotationAndShift()
    {
        Icosphere mesh = Icosphere.Create(5);
        var phantom = new BulgingShellPhantom();
        double[] outer = new double[mesh.VertexCount], inner = new double[mesh.VertexCount];
        for (int v = 0; v < mesh.VertexCount; v++)
        {
            outer[v] = phantom.OuterRadius(mesh.Vertices[v]);
            inner[v] = outer[v] - phantom.Thickness;
        }
        var truth = new RadiusFieldPose(new Vec3(0.05, -0.08, 0.03), new Vec3(1.5, -2, 1));
        double[][] moved = RadiusFieldAlignment.Posed(mesh, [inner, outer], truth, mesh, shifted: true);
        bool[] all = Enumerable.Repeat(true, mesh.VertexCount).ToArray();

        RadiusFieldPose fitted = RadiusFieldAlignment.Fit(mesh, inner, outer, mesh, moved[0], moved[1], all);

        output.WriteLine($"rotation {fitted.Rotation} shift {fitted.Shift}");
        Assert.True((fitted.Rotation - truth.Rotation).Length < 0.2 * Math.PI / 180, $"rotation {fitted.Rotation} against {truth.Rotation}");
        Assert.True((fitted.Shift - truth.Shift).Length < 0.1, $"shift {fitted.Shift} against {truth.Shift}");
        double[] back = RadiusFieldAlignment.Unposed(mesh, moved[1], truth);
        double worst = Enumerable.Range(0, mesh.VertexCount).Max(v => Math.Abs(back[v] - outer[v]));
        Assert.True(worst < 0.3, $"unposing the posed field is off by {worst:F3} mm");
    }

    [Fact]
    public void PredictsTheBulgeUnderAMidlineDefectFromTheBoneAroundIt()
    {
        var phantom = new BulgingShellPhantom(Height: 7, A: 70.5, B: 85.5) { Centre = new Vec3(3.5, -4.5, 40.5) };
        Icosphere mesh = Icosphere.Create(5);
        int n = mesh.VertexCount;
        var inner = new double[n];
        var outer = new double[n];
        var hidden = new bool[n];
        var fit = new bool[n];
        var upper = new bool[n];
        for (int v = 0; v < n; v++)
        {
            Vec3 d = mesh.Vertices[v];
            outer[v] = phantom.OuterRadius(d);
            inner[v] = outer[v] - phantom.Thickness;
            double angle = Math.Acos(Math.Clamp(d.Dot(BulgingShellPhantom.BulgeDirection), -1, 1));
            hidden[v] = angle < 0.3;
            fit[v] = !hidden[v] && angle < 0.6;
            upper[v] = !hidden[v] && SkullShapeModel.IsUpper(d);
        }
        double[] measuredInner = inner.Select((r, v) => hidden[v] ? double.NaN : r).ToArray();
        double[] measuredOuter = outer.Select((r, v) => hidden[v] ? double.NaN : r).ToArray();

        var (predictedInner, predictedOuter) = Model.Value.Predict(mesh, measuredInner, measuredOuter, upper, fit);

        double error = 0, meanError = 0;
        int count = 0;
        var mean = RadiusFieldAlignment.Posed(Model.Value.Mesh, [Model.Value.MeanInner.ToArray(), Model.Value.MeanOuter.ToArray()], RadiusFieldPose.Identity, mesh, shifted: true);
        for (int v = 0; v < n; v++)
        {
            if (!hidden[v]) continue;
            error += Sq(predictedOuter[v] - outer[v]) + Sq(predictedInner[v] - inner[v]);
            meanError += Sq(mean[1][v] - outer[v]) + Sq(mean[0][v] - inner[v]);
            count += 2;
        }
        double rms = Math.Sqrt(error / count), meanRms = Math.Sqrt(meanError / count);
        output.WriteLine($"RMS radius error over the hidden directions: fitted {rms:F2} mm, mean shape {meanRms:F2} mm");
        Assert.True(rms < 1.0, $"fitted RMS {rms:F2} mm");
        Assert.True(rms < 0.6 * meanRms, $"fitted RMS {rms:F2} mm against the mean shape's {meanRms:F2} mm");
    }

    [Fact]
    public void GuidesTheSphericalMapFillOverTheBulge()
    {
        var phantom = new BulgingShellPhantom(Height: 9, A: 70.5, B: 85.5) { Centre = new Vec3(3.5, -4.5, 40.5) };
        Grid grid = phantom.MakeGrid(1.5);
        var (_, defective, truth) = phantom.Build(grid, (phantom.OuterPoint(BulgingShellPhantom.BulgeDirection), 30));

        double plain = Dice(new SphericalMapDesigner().Design(defective).Implant, truth);
        DesignResult guided = new SphericalMapDesigner(new SphericalMapOptions(shapeModel: Model.Value, shapeGuideRampMm: 0)).Design(defective);
        double dice = Dice(guided.Implant, truth);
        double faded = Dice(new SphericalMapDesigner(new SphericalMapOptions(shapeModel: Model.Value)).Design(defective).Implant, truth);

        output.WriteLine($"DSC plain {plain:F4}, shape-guided {dice:F4}, guide faded in over 20 mm {faded:F4}");
        Assert.Contains(guided.Report.Timings, t => t.Stage == "shape model");
        // Measured: plain 0.29 (the border's slopes carry the fill far off the bulge), guided 0.85; faded in from the
        // border 0.67: this bump starts rising at the border, where the fade lets the border's slopes lead.
        Assert.True(dice > plain + 0.3, $"shape-guided DSC {dice:F4} against plain {plain:F4}");
        Assert.True(dice > 0.8, $"shape-guided DSC {dice:F4}");
        Assert.True(faded > plain + 0.3, $"faded shape-guided DSC {faded:F4} against plain {plain:F4}");
    }

    [Fact]
    public void FadingTheGuideInFromTheBorderChangesTheFillOfAVaultDefectOnly()
    {
        var phantom = new BulgingShellPhantom(Height: 9, A: 70.5, B: 85.5) { Centre = new Vec3(3.5, -4.5, 40.5) };
        Grid grid = phantom.MakeGrid(1.5);
        var (_, vault, _) = phantom.Build(grid, (phantom.OuterPoint(BulgingShellPhantom.BulgeDirection), 30));
        var deep = phantom with { Floor = 50 };
        var (_, low, _) = deep.Build(grid, (deep.OuterPoint(new Vec3(1, 0.3, -0.35)), 18));
        var full = new SphericalMapDesigner(new SphericalMapOptions(shapeModel: Model.Value, shapeGuideRampMm: 0));
        var faded = new SphericalMapDesigner(new SphericalMapOptions(shapeModel: Model.Value, shapeGuideRampMm: 20));

        Assert.NotEqual(full.Design(vault).Implant.Data, faded.Design(vault).Implant.Data);
        // A defect reaching below the vault centre's plane keeps the full guide up to its border.
        DesignResult lowFull = full.Design(low);
        Assert.True(lowFull.Implant.CountNonZero() > 0);
        Assert.Contains(lowFull.Report.Defects, d => d.Direction.Z < 0);
        Assert.Equal(lowFull.Implant.Data, faded.Design(low).Implant.Data);
    }

    [Fact]
    public void RingDistancesCountEdgesToTheNearestDirectionOutsideTheDefect()
    {
        var mesh = Icosphere.Create(4);
        int n = mesh.VertexCount;
        Vec3 pole = new Vec3(0.2, -0.3, 0.9).Normalized();
        bool[] defect = Enumerable.Range(0, n).Select(v => mesh.Vertices[v].Dot(pole) > Math.Cos(0.6)).ToArray();
        int[] depth = SphericalSkullMap.RingDistances(mesh, Array.ConvertAll(defect, d => !d));
        for (int v = 0; v < n; v++)
        {
            if (!defect[v]) Assert.Equal(0, depth[v]);
            else Assert.Equal(1 + mesh.Neighbours(v).ToArray().Min(w => depth[w]), depth[v]);
        }
        // Deepest at the cap's centre: about its angular radius in edges.
        double edges = 0.6 / Icosphere.EdgeAngle(4);
        Assert.InRange(depth.Max(), 0.6 * edges, 1.3 * edges);
    }

    [Fact]
    public void PosingASubsetOfVerticesGivesThoseVerticesOfTheFullPose()
    {
        var mesh = Icosphere.Create(3);
        double[] field = Enumerable.Range(0, mesh.VertexCount).Select(v => 80 + 5 * mesh.Vertices[v].X - 3 * mesh.Vertices[v].Z * mesh.Vertices[v].Z).ToArray();
        var pose = RadiusFieldPose.Identity.With(0, 0.05).With(2, -0.03).With(4, 1.5);
        double[] full = RadiusFieldAlignment.Posed(mesh, [field], pose, mesh, shifted: true)[0];
        int[] subset = [17, 3, 400, 3, mesh.VertexCount - 1];
        double[] part = RadiusFieldAlignment.Posed(mesh, [field], pose, mesh, shifted: true, subset)[0];
        Assert.Equal(subset.Select(v => full[v]), part);
    }

    [Fact]
    public void OnlyDefectsBelowTheVaultCentrePlaneArePosedWithTheFace()
    {
        // Every SkullFix validation defect's lowest direction has a superior component of 0.10–0.50.
        Assert.False(SkullShapeModel.NeedsFacePose(new Vec3(0.8, -0.5, 0.099).Normalized()));
        Assert.False(SkullShapeModel.NeedsFacePose(new Vec3(0, -1, 0)));
        Assert.True(SkullShapeModel.NeedsFacePose(new Vec3(0.2, -0.97, -0.08).Normalized()));
    }

    [Fact]
    public void SaveAndLoadGiveTheSameModelAndTheSameBytes()
    {
        using var folder = new TempDirectory();
        string first = folder.File("model.safetensors"), second = folder.File("again.safetensors");
        Model.Value.Save(first);
        SkullShapeModel loaded = SkullShapeModel.Load(first);
        loaded.Save(second);

        Assert.Equal(File.ReadAllBytes(first), File.ReadAllBytes(second));
        Assert.Equal(Model.Value.ModeCount, loaded.ModeCount);
        Assert.Equal(Model.Value.SkullCount, loaded.SkullCount);
        Assert.Equal(Model.Value.Mesh.Subdivision, loaded.Mesh.Subdivision);
        for (int v = 0; v < loaded.Mesh.VertexCount; v++)
            Assert.Equal(Model.Value.MeanOuter[v], loaded.MeanOuter[v], 1e-4);
    }

    [Fact]
    public void AModelOfCastSkullsIsTheModelOfTheSkullsByteForByte()
    {
        using var folder = new TempDirectory();
        string fromSkulls = folder.File("skulls.safetensors"), fromRadii = folder.File("radii.safetensors");
        Model.Value.Save(fromSkulls);
        var cast = Training.Select(p => SkullRadii.Cast(p.Build(p.MakeGrid(2)).Complete, 4, SkullShapeModel.DefaultBridgedGapMm)).ToArray();

        SkullShapeModel.Build(cast, modes: 7).Save(fromRadii);

        Assert.Equal(File.ReadAllBytes(fromSkulls), File.ReadAllBytes(fromRadii));
        Assert.All(cast, c => Assert.Equal(Icosphere.Create(4).VertexCount, c.Outer.Count));
        var mixed = new[] { cast[0], SkullRadii.Cast(Training[1].Build(Training[1].MakeGrid(3)).Complete, 3, 2) };
        Assert.Contains("different icosphere levels (4, 3)", Assert.Throws<ArgumentException>(() => SkullShapeModel.Build(mixed)).Message);
        Assert.Contains("got 1", Assert.Throws<ArgumentException>(() => SkullShapeModel.Build(cast[..1])).Message);
    }

    [Fact]
    public void LoadNamesTheFieldOfABadFile()
    {
        using var folder = new TempDirectory();
        string path = folder.File("model.safetensors");
        Model.Value.Save(path);
        SafeTensorsFile good = SafeTensors.Read(path);
        int n = Model.Value.Mesh.VertexCount;

        void Expect(string field, IEnumerable<(string, Tensor)> tensors, Dictionary<string, string> metadata)
        {
            string bad = folder.File($"bad-{field}.safetensors");
            SafeTensors.Write(bad, tensors, metadata);
            var e = Assert.Throws<CranioFormatException>(() => SkullShapeModel.Load(bad));
            Assert.Contains(bad, e.Message);
            Assert.Contains(field, e.Message);
        }
        var metadata = good.Metadata.ToDictionary();
        (string, Tensor)[] tensors = good.Entries.Select(p => (p.Key, p.Value)).ToArray();
        Expect("model", tensors, new Dictionary<string, string>(metadata) { ["model"] = "patch-refinement" });
        Expect("subdivision", tensors, new Dictionary<string, string>(metadata) { ["subdivision"] = "x" });
        Expect("modes", tensors.Where(t => t.Item1 != "modes"), metadata);
        Expect("mean", tensors.Select(t => t.Item1 == "mean" ? ("mean", new Tensor(2, n - 1)) : t), metadata);
        Expect("variance", tensors.Select(t => t.Item1 == "variance" ? ("variance", new Tensor(Model.Value.ModeCount)) : t), metadata);

        string truncated = folder.File("truncated.safetensors");
        File.WriteAllBytes(truncated, File.ReadAllBytes(path)[..100]);
        Assert.Throws<CranioFormatException>(() => SkullShapeModel.Load(truncated));
        Assert.Throws<FileNotFoundException>(() => SkullShapeModel.Load(folder.File("missing.safetensors")));
    }

    private static double Dice(Volume<byte> a, Volume<byte> b) => Cranio.Evaluation.Overlap.Measure(a, b).Dice;

    private static double Sq(double x) => x * x;
}
