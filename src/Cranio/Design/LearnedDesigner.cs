using System.Diagnostics;
using Cranio.Defects;
using Cranio.Filters;
using Cranio.Volumes;

namespace Cranio.Design;

/// <summary>
/// The learned implant designer: the <see cref="SphericalMapDesigner"/>'s implant is the shape prior; a patch network
/// (<see cref="PatchRefinementModel"/>) sees the defective skull and the prior on a working grid around the prior
/// (<see cref="PatchWindow"/>, 1 mm by default) and gives corrected implant probabilities p, resampled trilinearly
/// back onto the input grid and averaged over <see cref="LearnedDesignerOptions.SamplingPhases"/> (2) working grids
/// half a voxel apart. Because that grid is coarser than the input's, the network only corrects the prior where
/// it is confident and the prior's full-resolution voxels are kept elsewhere (<see cref="ConfidentCorrection"/>):
/// a prior voxel is dropped only where p &lt; t − m, another voxel added only where p ≥ t + m
/// (t = <see cref="LearnedDesignerOptions.Threshold"/> 0.5, m = <see cref="LearnedDesignerOptions.Margin"/> 0 by default),
/// and within <see cref="LearnedDesignerOptions.PriorBandMm"/> (3 mm) of the defective skull the prior is only
/// thinned where the network is nearly sure (p &lt; t − <see cref="LearnedDesignerOptions.PriorBandMargin"/> = 0.1), so
/// the border where implant meets skull stays at full resolution. The result is cut by the skull and keeps
/// only the connected components (26-connected) that share a voxel with the prior. A checkpoint trained without the
/// prior channel (<see cref="Learning.PatchTrainingOptions.PriorChannel"/> false) gets that channel zeroed here too; one
/// trained with the mirror channel (<see cref="PatchRefinementModel.SeesMirror"/>) gets the defective skull's mirror image
/// in the plane the prior mirrors it in (<see cref="MidSagittalPlaneSearch.OfSkull"/>).
/// A checkpoint that records its training priors' settings (<see cref="Learning.PatchTrainingOptions.PriorSettingsKey"/>)
/// and was trained on priors made otherwise than this designer's gets a warning in every report naming the settings.
/// </summary>
public sealed class LearnedDesigner : IImplantDesigner
{
    private readonly bool _seesPrior;
    private readonly string? _priorMismatch;

    /// <summary>Loads the weights named by <paramref name="options"/> (default: the shipped weights).</summary>
    /// <exception cref="FileNotFoundException">The weights file or the shape model does not exist.</exception>
    /// <exception cref="IO.CranioFormatException">The weights file is not a patch-model checkpoint, or the shape model file not a shape model.</exception>
    public LearnedDesigner(LearnedDesignerOptions? options = null)
    {
        Options = options ?? LearnedDesignerOptions.Default;
        var (model, metadata) = PatchRefinementModel.Load(Options.WeightsPath);
        Model = model;
        _seesPrior = !(metadata.TryGetValue(Learning.PatchTrainingOptions.PriorChannelKey, out var seen) && seen == "false");
        _priorMismatch = metadata.TryGetValue(Learning.PatchTrainingOptions.PriorSettingsKey, out var trained)
            ? PriorMismatch(trained, Options.Prior.Describe())
            : null;
        Prior = new SphericalMapDesigner(Options.Prior.ShapeModel is null && Options.ShapeModelPath.Length > 0
            ? Options.Prior.WithShapeModel(SkullShapeModel.Load(Options.ShapeModelPath))
            : Options.Prior);
    }

    /// <summary>The settings.</summary>
    public LearnedDesignerOptions Options { get; }

    /// <summary>The designer of the shape prior: the spherical map, guided by the shape model when one is loaded.</summary>
    public SphericalMapDesigner Prior { get; }

    /// <summary>The loaded network and its window settings.</summary>
    public PatchRefinementModel Model { get; }

    /// <inheritdoc />
    public string Name => "learned";

    /// <inheritdoc />
    public DesignResult Design(Volume<byte> defectiveSkull, CancellationToken cancellationToken = default)
    {
        SkullMaskValidation.Validate(defectiveSkull);
        DesignResult prior = Prior.Design(defectiveSkull, cancellationToken);
        var timings = prior.Report.Timings.ToList();
        var warnings = prior.Report.Warnings.ToList();
        if (_priorMismatch is not null) warnings.Add(_priorMismatch);
        var clock = Stopwatch.StartNew();
        PatchWindow? window = PatchWindow.Locate(prior.Implant, Model.Window);
        Volume<byte> implant;
        if (window is null)
        {
            implant = prior.Implant;
            warnings.Add("The shape prior is empty, so there is nothing to refine.");
        }
        else
        {
            var probabilities = Probabilities(window, defectiveSkull, prior.Implant, cancellationToken: cancellationToken);
            implant = ConfidentCorrection.Apply(prior.Implant, probabilities, window.Box, defectiveSkull,
                Options.Threshold, Options.Margin, Options.PriorBandMm, Options.PriorBandMargin);
        }
        timings.Add(new StageTiming("patch network", clock.Elapsed));
        double volume = implant.CountNonZero() * defectiveSkull.Grid.VoxelVolume / 1000;
        return new DesignResult(implant, new DesignReport(Name, prior.Report.Defects, volume, prior.Report.VaultCentre, warnings, timings));
    }

    /// <summary>
    /// The network's implant probabilities on <paramref name="window"/>'s crop grid: the mean over the
    /// <see cref="LearnedDesignerOptions.SamplingPhases"/> working grids (<see cref="PatchWindow.PhaseShifts"/>) of the
    /// probabilities computed on each and resampled trilinearly to the crop grid.
    /// </summary>
    /// <param name="window">The window around <paramref name="prior"/>.</param>
    /// <param name="defectiveSkull">The defective skull.</param>
    /// <param name="prior">The shape prior on the same grid.</param>
    /// <param name="mirrorPlane">The mid-sagittal plane for a network that sees the mirror image; null = found here (<see cref="MidSagittalPlaneSearch.OfSkull"/>). Ignored by other networks.</param>
    /// <param name="cancellationToken">Checked between phases.</param>
    public Volume<float> Probabilities(PatchWindow window, Volume<byte> defectiveSkull, Volume<byte> prior, SymmetryPlane? mirrorPlane = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(window);
        SymmetryPlane? plane = Model.SeesMirror ? mirrorPlane ?? MidSagittalPlaneSearch.OfSkull(defectiveSkull, Prior.Options) : null;
        Volume<float>? sum = null;
        var shifts = PatchWindow.PhaseShifts(Options.SamplingPhases);
        foreach (Vec3 shift in shifts)
        {
            cancellationToken.ThrowIfCancellationRequested();
            PatchWindow phase = window.ShiftedBy(shift);
            var input = phase.Input(defectiveSkull, prior, plane);
            if (!_seesPrior) Learning.PatchTrainer.ClearPrior(input);
            Volume<float> crop = phase.ToCrop(Model.Probabilities(input, phase.WorkingGrid));
            if (sum is null) sum = crop;
            else
                for (long i = 0; i < crop.Data.LongLength; i++) sum.Data[i] += crop.Data[i];
        }
        if (shifts.Count > 1)
            for (long i = 0; i < sum!.Data.LongLength; i++) sum.Data[i] /= shifts.Count;
        return sum!;
    }

    /// <summary>
    /// A warning naming the spherical-map settings (<see cref="SphericalMapOptions.Describe"/> pairs) in which the
    /// priors the network was trained on (<paramref name="trained"/>) differ from this designer's (<paramref name="current"/>),
    /// or null when none differs.
    /// </summary>
    internal static string? PriorMismatch(string trained, string current)
    {
        static Dictionary<string, string> Pairs(string description)
        {
            var pairs = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (string pair in description.Split(';'))
            {
                string[] kv = pair.Split('=', 2);
                pairs[kv[0]] = kv.Length > 1 ? kv[1] : "";
            }
            return pairs;
        }
        var before = Pairs(trained);
        var now = Pairs(current);
        var differences = before.Keys.Union(now.Keys).Order(StringComparer.Ordinal)
            .Where(key => before.GetValueOrDefault(key) != now.GetValueOrDefault(key))
            .Select(key => $"{key} {before.GetValueOrDefault(key) ?? "(not set)"} → {now.GetValueOrDefault(key) ?? "(not set)"}")
            .ToList();
        return differences.Count == 0 ? null
            : $"The network was trained on shape priors made with other spherical-map settings ({string.Join(", ", differences)}), so its corrections may not fit this prior; retrain it (docs/TRAINING.md) or design with the settings it was trained on.";
    }

    /// <summary>
    /// <paramref name="mask"/> minus the skull, keeping only the 26-connected components with a voxel in the prior.
    /// All three volumes share one grid.
    /// </summary>
    internal static Volume<byte> Refine(Volume<byte> mask, Volume<byte> skull, Volume<byte> prior)
    {
        mask.Grid.EnsureSameAs(skull.Grid, "implant", "skull");
        mask.Grid.EnsureSameAs(prior.Grid, "implant", "prior");
        var cut = mask.Clone();
        byte[] c = cut.Data, s = skull.Data;
        for (int i = 0; i < c.Length; i++) c[i] = (byte)(c[i] & (s[i] == 0 ? 1 : 0));
        byte[] p = prior.Data;
        return ConnectedComponents.Label(cut, Connectivity.Full).SelectMarked(i => p[i] != 0);
    }
}
