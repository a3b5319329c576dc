using System.Globalization;
using Cranio.IO;
using Cranio.Learning;
using Cranio.Volumes;

namespace Cranio.Design;

/// <summary>
/// A statistical shape model of the cranial vault on the spherical map: the mean inner and outer bone radius per
/// direction of an icosphere and the principal modes of their variation, learned from complete skulls.
/// Fitted to the bone around a defect, it predicts the radii over the defect — the bulge of the occiput under a
/// large midline opening, the bend of the vault into the skull base — which the border alone does not tell and
/// the mirror image cannot when the defect crosses the midline. The <see cref="SphericalMapDesigner"/> uses the
/// prediction's curvature as the guide of its fill (<see cref="SphericalMapOptions.ShapeModel"/>).
/// </summary>
/// <remarks>
/// <para><b>Building.</b> Each skull's radii are cast from its own vault centre (<see cref="VaultCentre"/>,
/// <see cref="RadialBoneProfile"/>) along the model mesh. The skulls are aligned by generalised Procrustes analysis:
/// <see cref="AlignmentRounds"/> rounds of fitting each skull's rigid pose (<see cref="RadiusFieldPose"/>) against
/// the current mean over the upper directions (<see cref="IsUpper"/>), resampling it into the mean's frame
/// and recomputing the mean. A direction enters the model where at least <see cref="MinimumCoverage"/> of the skulls
/// have bone along it. The modes are the leading principal components of the aligned fields, from the
/// eigen-decomposition of the skulls' Gram matrix; missing values count as the mean.</para>
/// <para><b>Fitting.</b> The model is posed onto the skull (the same rigid fit), then the mode coefficients c
/// minimise <c>(1/K) Σ_k (r_k − μ_k − Σ_j c_j φ_jk)² + β Σ_j c_j²/σ_j²</c> over the K measured radii of the fit region
/// (σ_j² the variance of mode j, β = <see cref="Regularisation"/>): a Gaussian prior on the shape whose weight does
/// not depend on how much bone is seen.</para>
/// </remarks>
public sealed class SkullShapeModel
{
    private readonly double[] _meanInner, _meanOuter;
    private readonly double[][] _modeInner, _modeOuter;
    private readonly double[] _variance;

    private SkullShapeModel(Icosphere mesh, double[] meanInner, double[] meanOuter, double[][] modeInner, double[][] modeOuter, double[] variance, int skullCount)
    {
        Mesh = mesh;
        (_meanInner, _meanOuter, _modeInner, _modeOuter, _variance) = (meanInner, meanOuter, modeInner, modeOuter, variance);
        SkullCount = skullCount;
    }

    /// <summary>The direction grid of the model.</summary>
    public Icosphere Mesh { get; }

    /// <summary>Number of principal modes kept.</summary>
    public int ModeCount => _variance.Length;

    /// <summary>Number of skulls the model was built from.</summary>
    public int SkullCount { get; }

    /// <summary>Variance of each mode (mm² summed over the model's radii), in descending order.</summary>
    public IReadOnlyList<double> ModeVariances => _variance;

    /// <summary>Mean inner radius per model direction (mm), NaN outside the modelled directions.</summary>
    public IReadOnlyList<double> MeanInner => _meanInner;

    /// <summary>Mean outer radius per model direction (mm), NaN outside the modelled directions.</summary>
    public IReadOnlyList<double> MeanOuter => _meanOuter;

    /// <summary>Procrustes rounds when building (3: the mean pose moves by under 0.5° in a fourth on SkullFix).</summary>
    public const int AlignmentRounds = 3;

    /// <summary>Fraction of skulls that must have bone along a direction for it to be modelled (0.9).</summary>
    public const double MinimumCoverage = 0.9;

    /// <summary>β of the fit (mm²): one standard deviation of every mode costs as much as a 1 mm RMS misfit (1).</summary>
    public const double Regularisation = 1.0;

    /// <summary>
    /// True for the directions that pose a skull against the model: those with a superior (S) component above −0.2,
    /// the vault and the upper skull base. Lower directions meet the face and the skull base, whose layered bone
    /// gives radii that vary more between skulls than the pose does.
    /// </summary>
    public static bool IsUpper(Vec3 direction) => direction.Z > -0.2;

    /// <summary>
    /// True when a defect reaching down to <paramref name="lowestDefectDirection"/> leaves too little of the upper
    /// directions below it to hold the pose, so the face should help pose the skull: the defect reaches below the
    /// horizontal plane through the vault centre (superior component below 0). On the validation skulls this leaves
    /// every SkullFix defect (lowest component 0.10–0.50) posed on the upper directions, and poses the injected defects
    /// that reach the orbits and temples with the face too (docs/RESULTS.md, "The shape-model guide").
    /// </summary>
    public static bool NeedsFacePose(Vec3 lowestDefectDirection) => lowestDefectDirection.Z < 0;

    /// <summary>Icosphere level of a model unless told otherwise (5: 10,242 directions, about 2.5 mm apart on the vault).</summary>
    public const int DefaultSubdivision = 5;

    /// <summary>Gap bridged along a ray when casting a skull unless told otherwise (2 mm, as the designer's).</summary>
    public const double DefaultBridgedGapMm = 2;

    /// <summary>The file's "model" metadata value.</summary>
    public const string ModelName = "skull-shape";

    /// <summary>
    /// Builds a model from complete skull masks, read one at a time.
    /// </summary>
    /// <param name="completeSkulls">Complete skull masks (any grids; at least two skulls).</param>
    /// <param name="subdivision">Icosphere level of the model (3…7; default 5, 10,242 directions, about 2.5 mm apart on the vault).</param>
    /// <param name="modes">Principal modes kept (at most one fewer than the skulls; default 30).</param>
    /// <param name="bridgedGapMm">Background gaps up to this length inside bone along a ray are bridged (default 2 mm, as the designer's).</param>
    /// <param name="progress">Called with the number of skulls cast so far.</param>
    /// <exception cref="ArgumentException">Fewer than two skulls, or a setting out of range.</exception>
    public static SkullShapeModel Build(IEnumerable<Volume<byte>> completeSkulls, int subdivision = DefaultSubdivision, int modes = 30,
        double bridgedGapMm = DefaultBridgedGapMm,
        Action<int>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(completeSkulls);
        if (modes < 1) throw new ArgumentOutOfRangeException(nameof(modes), modes, "At least one mode is needed.");
        var radii = new List<SkullRadii>();
        foreach (Volume<byte> skull in completeSkulls)
        {
            radii.Add(SkullRadii.Cast(skull, subdivision, bridgedGapMm));
            progress?.Invoke(radii.Count);
        }
        return Build(radii, modes);
    }

    /// <summary>
    /// Builds a model from skulls already cast (<see cref="SkullRadii.Cast"/>), on their icosphere level; the same
    /// model, byte for byte, as <see cref="Build(IEnumerable{Volume{byte}}, int, int, double, Action{int}?)"/> on the
    /// skulls themselves.
    /// </summary>
    /// <param name="skulls">The cast skulls (at least two, all of one subdivision).</param>
    /// <param name="modes">Principal modes kept (at most one fewer than the skulls; default 30).</param>
    /// <exception cref="ArgumentException">Fewer than two skulls, mixed subdivisions, or fewer than one mode.</exception>
    public static SkullShapeModel Build(IReadOnlyList<SkullRadii> skulls, int modes = 30)
    {
        ArgumentNullException.ThrowIfNull(skulls);
        if (modes < 1) throw new ArgumentOutOfRangeException(nameof(modes), modes, "At least one mode is needed.");
        if (skulls.Count < 2) throw new ArgumentException($"A shape model needs at least two skulls; got {skulls.Count}.", nameof(skulls));
        if (skulls.Select(s => s.Subdivision).Distinct().Count() > 1)
            throw new ArgumentException($"The skulls were cast on different icosphere levels ({string.Join(", ", skulls.Select(s => s.Subdivision).Distinct())}).", nameof(skulls));
        Icosphere mesh = Icosphere.Create(skulls[0].Subdivision);
        int n = mesh.VertexCount;
        var inner = skulls.Select(s => s.Inner.ToArray()).ToList();
        var outer = skulls.Select(s => s.Outer.ToArray()).ToList();
        int count = inner.Count;
        modes = Math.Min(modes, count - 1);

        var upper = new bool[n];
        for (int v = 0; v < n; v++) upper[v] = IsUpper(mesh.Vertices[v]);
        var rawInner = inner.ToArray();
        var rawOuter = outer.ToArray();
        for (int round = 0; round < AlignmentRounds; round++)
        {
            double[] meanInner = Mean(inner, n, 0), meanOuter = Mean(outer, n, 0);
            for (int s = 0; s < count; s++)
            {
                RadiusFieldPose pose = RadiusFieldAlignment.Fit(mesh, meanInner, meanOuter, mesh, rawInner[s], rawOuter[s], upper);
                inner[s] = RadiusFieldAlignment.Unposed(mesh, rawInner[s], pose);
                outer[s] = RadiusFieldAlignment.Unposed(mesh, rawOuter[s], pose);
            }
        }
        double[] meanI = Mean(inner, n, MinimumCoverage), meanO = Mean(outer, n, MinimumCoverage);

        // Centred data, missing values at the mean; Gram matrix G = X Xᵀ over both fields.
        var centred = new double[count][];
        for (int s = 0; s < count; s++)
        {
            centred[s] = new double[2 * n];
            for (int v = 0; v < n; v++)
            {
                centred[s][v] = Centred(inner[s][v], meanI[v]);
                centred[s][n + v] = Centred(outer[s][v], meanO[v]);
            }
        }
        var gram = new double[count, count];
        Parallel.For(0, count, i =>
        {
            for (int j = 0; j <= i; j++)
            {
                double sum = 0;
                for (int k = 0; k < 2 * n; k++) sum += centred[i][k] * centred[j][k];
                gram[i, j] = sum;
            }
        });
        for (int i = 0; i < count; i++)
            for (int j = 0; j < i; j++) gram[j, i] = gram[i, j];
        var (values, vectors) = DenseSymmetricEigen.Decompose(gram);
        var modeInner = new double[modes][];
        var modeOuter = new double[modes][];
        var variance = new double[modes];
        for (int m = 0; m < modes; m++)
        {
            double singular = Math.Sqrt(Math.Max(values[m], 1e-12));
            variance[m] = values[m] / (count - 1);
            var direction = new double[2 * n];
            for (int s = 0; s < count; s++)
            {
                double weight = vectors[s, m] / singular;
                for (int k = 0; k < 2 * n; k++) direction[k] += weight * centred[s][k];
            }
            modeInner[m] = direction[..n];
            modeOuter[m] = direction[n..];
        }
        return new SkullShapeModel(mesh, meanI, meanO, modeInner, modeOuter, variance, count);
    }

    private static double Centred(double value, double mean) => double.IsFinite(value) && double.IsFinite(mean) ? value - mean : 0;

    /// <summary>Per-direction mean over the skulls that have bone there; NaN where fewer than <paramref name="coverage"/> of them do.</summary>
    private static double[] Mean(List<double[]> fields, int n, double coverage)
    {
        var mean = new double[n];
        for (int v = 0; v < n; v++)
        {
            double sum = 0;
            int known = 0;
            foreach (double[] field in fields)
                if (double.IsFinite(field[v])) { sum += field[v]; known++; }
            mean[v] = known > 0 && known >= coverage * fields.Count ? sum / known : double.NaN;
        }
        return mean;
    }

    /// <summary>
    /// Fits the model to a skull's measured radii and predicts its inner and outer radius along every direction
    /// of <paramref name="mesh"/> (NaN outside the modelled directions).
    /// </summary>
    /// <param name="mesh">The skull's direction grid.</param>
    /// <param name="inner">Measured inner radius per direction (mm; NaN where unknown).</param>
    /// <param name="outer">Measured outer radius per direction.</param>
    /// <param name="alignment">Directions whose radii pose the model (the skull's bone away from defects).</param>
    /// <param name="fit">Directions whose radii fit the mode coefficients (the bone around the defect).</param>
    public (double[] Inner, double[] Outer) Predict(Icosphere mesh, ReadOnlySpan<double> inner, ReadOnlySpan<double> outer, bool[] alignment, bool[] fit)
    {
        ArgumentNullException.ThrowIfNull(mesh);
        int n = mesh.VertexCount;
        if (inner.Length != n || outer.Length != n || alignment.Length != n || fit.Length != n)
            throw new ArgumentException($"Expected {n} radii and flags per field; got {inner.Length}, {outer.Length}, {alignment.Length} and {fit.Length}.");
        RadiusFieldPose pose = RadiusFieldAlignment.Fit(Mesh, _meanInner, _meanOuter, mesh, inner, outer, alignment);
        double[][] mean = RadiusFieldAlignment.Posed(Mesh, [_meanInner, _meanOuter], pose, mesh, shifted: true);
        double[][] modeInner = RadiusFieldAlignment.Posed(Mesh, _modeInner, pose, mesh, shifted: false);
        double[][] modeOuter = RadiusFieldAlignment.Posed(Mesh, _modeOuter, pose, mesh, shifted: false);

        int modes = ModeCount;
        var normal = new double[modes, modes];
        var rhs = new double[modes];
        int observed = 0;
        for (int v = 0; v < n; v++)
        {
            if (!fit[v]) continue;
            Accumulate(modeInner, v, inner[v] - mean[0][v], normal, rhs, ref observed);
            Accumulate(modeOuter, v, outer[v] - mean[1][v], normal, rhs, ref observed);
        }
        var coefficients = new double[modes];
        if (observed > 0)
        {
            for (int i = 0; i < modes; i++)
                for (int j = 0; j < i; j++) normal[j, i] = normal[i, j];
            for (int i = 0; i < modes; i++)
            {
                rhs[i] /= observed;
                for (int j = 0; j < modes; j++) normal[i, j] /= observed;
                normal[i, i] += Regularisation / _variance[i];
            }
            coefficients = DenseLinearSolve.Cholesky(normal, rhs);
        }
        var predictedInner = new double[n];
        var predictedOuter = new double[n];
        for (int v = 0; v < n; v++)
        {
            double ri = mean[0][v], ro = mean[1][v];
            for (int m = 0; m < modes; m++)
            {
                ri += coefficients[m] * modeInner[m][v];
                ro += coefficients[m] * modeOuter[m][v];
            }
            predictedInner[v] = ri;
            predictedOuter[v] = ro;
        }
        return (predictedInner, predictedOuter);
    }

    private static void Accumulate(double[][] modes, int v, double residual, double[,] normal, double[] rhs, ref int observed)
    {
        if (!double.IsFinite(residual)) return;
        for (int i = 0; i < modes.Length; i++)
        {
            double a = modes[i][v];
            rhs[i] += a * residual;
            for (int j = 0; j <= i; j++) normal[i, j] += a * modes[j][v];
        }
        observed++;
    }

    /// <summary>Writes the model as safetensors (tensors "mean" [2, V], "modes" [M, 2, V], "variance" [M]), atomically.</summary>
    public void Save(string path, IReadOnlyDictionary<string, string>? metadata = null)
    {
        int n = Mesh.VertexCount, modes = ModeCount;
        var mean = new Tensor(2, n);
        var modeTensor = new Tensor(modes, 2, n);
        var variance = new Tensor(modes);
        for (int v = 0; v < n; v++)
        {
            mean.Data[v] = (float)_meanInner[v];
            mean.Data[n + v] = (float)_meanOuter[v];
        }
        for (int m = 0; m < modes; m++)
        {
            variance.Data[m] = (float)_variance[m];
            for (int v = 0; v < n; v++)
            {
                modeTensor.Data[(2 * m) * n + v] = (float)_modeInner[m][v];
                modeTensor.Data[(2 * m + 1) * n + v] = (float)_modeOuter[m][v];
            }
        }
        var all = new Dictionary<string, string>(metadata ?? new Dictionary<string, string>(), StringComparer.Ordinal)
        {
            ["model"] = ModelName,
            ["subdivision"] = Mesh.Subdivision.ToString(CultureInfo.InvariantCulture),
            ["skulls"] = SkullCount.ToString(CultureInfo.InvariantCulture),
        };
        SafeTensors.Write(path, [("mean", mean), ("modes", modeTensor), ("variance", variance)], all);
    }

    /// <summary>Reads a model written by <see cref="Save"/>.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="CranioFormatException">The file is not a shape model, or its tensors do not match its subdivision; the message names the field.</exception>
    public static SkullShapeModel Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Shape model not found: {path} (build one with cranio shape-model).", path);
        SafeTensorsFile file = SafeTensors.Read(path);
        string Meta(string key) => file.Metadata.TryGetValue(key, out var value) ? value
            : throw new CranioFormatException(path, $"__metadata__.{key}", "missing");
        if (Meta("model") != ModelName)
            throw new CranioFormatException(path, "__metadata__.model", $"expected \"{ModelName}\"; found \"{Meta("model")}\"");
        if (!int.TryParse(Meta("subdivision"), NumberStyles.None, CultureInfo.InvariantCulture, out int subdivision) || subdivision is < 3 or > 7)
            throw new CranioFormatException(path, "__metadata__.subdivision", $"expected an integer 3…7; found \"{Meta("subdivision")}\"");
        if (!int.TryParse(Meta("skulls"), NumberStyles.None, CultureInfo.InvariantCulture, out int skulls) || skulls < 2)
            throw new CranioFormatException(path, "__metadata__.skulls", $"expected an integer ≥ 2; found \"{Meta("skulls")}\"");
        Icosphere mesh = Icosphere.Create(subdivision);
        int n = mesh.VertexCount;
        Tensor mean = Find(file, path, "mean"), modes = Find(file, path, "modes"), variance = Find(file, path, "variance");
        int count = variance.Shape.Length == 1 ? variance.Shape[0] : -1;
        CheckShape(path, "mean", mean, [2, n]);
        if (count < 1) throw new CranioFormatException(path, "variance", $"expected shape [M] with M ≥ 1; found {variance.ShapeString}");
        CheckShape(path, "modes", modes, [count, 2, n]);
        if (variance.Data.Any(x => !(x > 0) || !float.IsFinite(x)))
            throw new CranioFormatException(path, "variance", "expected positive finite values");
        if (modes.Data.Any(x => !float.IsFinite(x)))
            throw new CranioFormatException(path, "modes", "expected finite values");
        var modeInner = new double[count][];
        var modeOuter = new double[count][];
        for (int m = 0; m < count; m++)
        {
            modeInner[m] = modes.Data.AsSpan(2 * m * n, n).ToArray().Select(x => (double)x).ToArray();
            modeOuter[m] = modes.Data.AsSpan((2 * m + 1) * n, n).ToArray().Select(x => (double)x).ToArray();
        }
        return new SkullShapeModel(mesh,
            mean.Data.AsSpan(0, n).ToArray().Select(x => (double)x).ToArray(),
            mean.Data.AsSpan(n, n).ToArray().Select(x => (double)x).ToArray(),
            modeInner, modeOuter, variance.Data.Select(x => (double)x).ToArray(), skulls);
    }

    private static Tensor Find(SafeTensorsFile file, string path, string name) =>
        file.Tensors.TryGetValue(name, out var tensor) ? tensor : throw new CranioFormatException(path, name, "tensor missing");

    private static void CheckShape(string path, string name, Tensor tensor, int[] expected)
    {
        if (!tensor.Shape.SequenceEqual(expected))
            throw new CranioFormatException(path, name, $"expected shape [{string.Join(", ", expected)}]; found {tensor.ShapeString}");
    }
}
