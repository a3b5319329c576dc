using Cranio.Design;
using Cranio.IO;
using Cranio.Volumes;

namespace Cranio.Learning;

/// <summary>
/// The shape-guided spherical-map priors of the patch network's training samples, built so that no training skull
/// informs its own prior. The training skulls are dealt into K folds in case order (the i-th goes to fold i mod K);
/// fold k's model (<see cref="SkullShapeModel"/>, default level and modes) is built from the skulls of every other
/// fold, and the full model from all of them. A training case's prior is guided by the model without its fold, a
/// validation case's by the full model, which is what the designer ships with. Models are built on first use and
/// cached in the cache folder as <c>shape-model-K-fold-k.safetensors</c> (<c>…-all</c> for the full model), reused
/// only when their metadata <c>skull_files</c> lists the same skulls. Each skull is read and cast
/// (<see cref="SkullRadii"/>) once, however many of the K + 1 models it is in.
/// </summary>
public sealed class FoldedShapeModels
{
    private readonly string[] _cases;
    private readonly string _completeDirectory, _cacheDirectory;
    private readonly int _folds;
    private readonly Dictionary<int, SphericalMapDesigner> _designers = [];
    private readonly Dictionary<string, SkullRadii> _radii = new(StringComparer.Ordinal);

    /// <summary>Sets up the folds; builds nothing yet.</summary>
    /// <param name="trainingCases">Case names of the training skulls (e.g. "007"); their complete skulls are <c>NAME.nrrd</c> in <paramref name="completeDirectory"/>.</param>
    /// <param name="completeDirectory">Folder of the complete skulls.</param>
    /// <param name="cacheDirectory">Folder where the models are cached.</param>
    /// <param name="folds">K ≥ 2, and every fold's complement must hold at least two skulls.</param>
    /// <exception cref="ArgumentException">Too few training skulls for <paramref name="folds"/> folds.</exception>
    public FoldedShapeModels(IEnumerable<string> trainingCases, string completeDirectory, string cacheDirectory, int folds)
    {
        ArgumentNullException.ThrowIfNull(trainingCases);
        ArgumentOutOfRangeException.ThrowIfLessThan(folds, 2);
        _cases = trainingCases.Distinct().Order(StringComparer.Ordinal).ToArray();
        if (_cases.Length - (_cases.Length + folds - 1) / folds < 2)
            throw new ArgumentException($"{folds} shape-model folds need enough training skulls that each fold's model is built from at least two; got {_cases.Length} skulls.", nameof(trainingCases));
        (_completeDirectory, _cacheDirectory, _folds) = (completeDirectory, cacheDirectory, folds);
    }

    /// <summary>The fold of a training case, or −1 for any other case (whose prior uses the full model).</summary>
    public int FoldOf(string caseName) => Array.IndexOf(_cases, caseName) is int i and >= 0 ? i % _folds : -1;

    /// <summary>
    /// Names the model that guides <paramref name="caseName"/>'s prior without building it: "K-fold-k of N skulls"
    /// (k counted from 1) for a training case, "K-all of N skulls" for any other.
    /// </summary>
    public string ModelName(string caseName)
    {
        int fold = FoldOf(caseName);
        int members = Members(fold).Length;
        return fold < 0 ? $"{_folds}-all of {members} skulls" : $"{_folds}-fold-{fold + 1} of {members} skulls";
    }

    /// <summary>The training cases whose skulls build the model of <paramref name="fold"/>: all but that fold's, or all for −1.</summary>
    private string[] Members(int fold) => _cases.Where((_, i) => fold < 0 || i % _folds != fold).ToArray();

    /// <summary>
    /// The prior designer for <paramref name="caseName"/>: the default spherical-map designer guided by the model
    /// without the case's fold (or the full model); built or read from the cache on first use.
    /// </summary>
    /// <param name="caseName">The case.</param>
    /// <param name="building">Called with a description before a model is built (not when it is read from the cache).</param>
    public SphericalMapDesigner PriorFor(string caseName, Action<string>? building = null)
    {
        int fold = FoldOf(caseName);
        if (_designers.TryGetValue(fold, out var designer)) return designer;
        string[] members = Members(fold);
        string memberList = string.Join(",", members);
        string path = Path.Combine(_cacheDirectory, $"shape-model-{_folds}-{(fold < 0 ? "all" : $"fold-{fold}")}.safetensors");
        SkullShapeModel? model = null;
        if (File.Exists(path) && SafeTensors.Read(path).Metadata.TryGetValue("skull_files", out var cached) && cached == memberList)
            model = SkullShapeModel.Load(path);
        if (model is null)
        {
            building?.Invoke(fold < 0 ? $"shape model of all {members.Length} training skulls" : $"shape model without fold {fold + 1}/{_folds} ({members.Length} skulls)");
            model = SkullShapeModel.Build(members.Select(Radii).ToArray());
            model.Save(path, new Dictionary<string, string> { ["skull_files"] = memberList });
        }
        designer = new SphericalMapDesigner(PatchTrainingOptions.PriorOptions.WithShapeModel(model));
        _designers[fold] = designer;
        return designer;
    }

    /// <summary>The training skull <paramref name="caseName"/> cast on the model's directions, read and cast on first use.</summary>
    private SkullRadii Radii(string caseName)
    {
        if (!_radii.TryGetValue(caseName, out var radii))
        {
            Volume<byte> skull = VolumeFile.Read(Path.Combine(_completeDirectory, caseName + ".nrrd")).ToMask();
            radii = SkullRadii.Cast(skull, SkullShapeModel.DefaultSubdivision, SkullShapeModel.DefaultBridgedGapMm);
            _radii[caseName] = radii;
        }
        return radii;
    }
}
