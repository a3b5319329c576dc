using Cranio.Design;
using Cranio.IO;
using Cranio.Volumes;

namespace Cranio.Learning;

/// <summary>
/// One training or validation example of the patch network, on its <see cref="PatchWindow"/> working grid:
/// <see cref="Input"/> (1, 2, D, H, W) = defective skull and spherical-map implant (1, 3, D, H, W with the defective
/// skull's mirror image, <see cref="PatchWindow.MirroredToWorking"/>, or the coarse network's probabilities), <see cref="Target"/> (1, 1, D, H, W)
/// = the true implant, each as a fraction of the working voxel (<see cref="PatchWindow.ToWorking"/>, by the window's
/// <see cref="PatchWindowOptions.Sampling"/>).
/// </summary>
/// <param name="Name">Case name, for example "real-003" or "synthetic-003-0".</param>
/// <param name="Input">Network input.</param>
/// <param name="Target">Training target.</param>
public sealed record PatchSample(string Name, Tensor Input, Tensor Target)
{
    /// <summary>
    /// Whether a defect the prior's designer found reaches below the vault centre's plane
    /// (<see cref="DetectedDefect.ReachesBelowVaultCentre"/>), so that the learned designer would send it to its
    /// low-defect network; null when not known (a sample file written before the flag was recorded).
    /// </summary>
    public bool? ReachesBelowVaultCentre { get; init; }

    /// <summary>
    /// Builds a sample: the prior from <paramref name="priorDesigner"/>, the window around it; null when the prior is
    /// empty (the designer found no defect). With <paramref name="mirrorOptions"/>, a third channel holds the defective
    /// skull's mirror image in its mid-sagittal plane, searched with those settings (<see cref="MidSagittalPlaneSearch.OfSkull"/>);
    /// with <paramref name="coarse"/> instead, that network's probabilities for the whole skull (<see cref="CoarseSkullModel.ProbabilitiesOn"/>).
    /// </summary>
    public static PatchSample? Build(string name, Volume<byte> defectiveSkull, Volume<byte> implant, IImplantDesigner priorDesigner, PatchWindowOptions window,
        SphericalMapOptions? mirrorOptions = null, CoarseSkullModel? coarse = null)
    {
        ArgumentNullException.ThrowIfNull(defectiveSkull);
        ArgumentNullException.ThrowIfNull(implant);
        ArgumentNullException.ThrowIfNull(priorDesigner);
        defectiveSkull.Grid.EnsureSameAs(implant.Grid, "defective skull", "implant");
        var design = priorDesigner.Design(defectiveSkull);
        Volume<byte> prior = design.Implant;
        if (PatchWindow.Locate(prior, window) is not PatchWindow w) return null;
        var plane = mirrorOptions is null ? null : MidSagittalPlaneSearch.OfSkull(defectiveSkull, mirrorOptions);
        var coarseProbabilities = coarse?.ProbabilitiesOn(defectiveSkull);
        return new PatchSample(name, w.Input(defectiveSkull, prior, plane, coarseProbabilities), VolumeTensors.FromVolume(w.ToWorking(implant)))
        {
            ReachesBelowVaultCentre = design.Report.AnyDefectReachesBelowVaultCentre,
        };
    }

    /// <summary>
    /// Writes the sample as a safetensors file ("input", "target"; metadata "name", the window settings, "prior",
    /// the description of the designer that made the prior channel, and <see cref="ReachesLowKey"/> when known).
    /// </summary>
    public void Save(string path, PatchWindowOptions window, string prior)
    {
        ArgumentNullException.ThrowIfNull(prior);
        var metadata = window.ToMetadata();
        metadata["name"] = Name;
        metadata[PriorKey] = prior;
        if (ReachesBelowVaultCentre is bool low) metadata[ReachesLowKey] = low ? "true" : "false";
        SafeTensors.Write(path, [("input", Input), ("target", Target)], metadata);
    }

    /// <summary>
    /// Reads a sample written by <see cref="Save"/>; null when it was made with other window settings or by another
    /// prior (a different "prior" description, or none).
    /// </summary>
    /// <param name="path">The sample file.</param>
    /// <param name="window">The window settings the sample must have been made with.</param>
    /// <param name="prior">The description the sample's prior must carry.</param>
    /// <param name="channels">Input channels expected (2, or 3 with the mirror image or the coarse probabilities).</param>
    /// <exception cref="CranioFormatException">The file lacks a tensor or has inconsistent shapes.</exception>
    public static PatchSample? Load(string path, PatchWindowOptions window, string prior, int channels = 2)
    {
        var file = SafeTensors.Read(path);
        if (!file.Metadata.TryGetValue(PriorKey, out var made) || made != prior) return null;
        try
        {
            if (PatchWindowOptions.FromMetadata(file.Metadata) != window) return null;
        }
        catch (ArgumentException)
        {
            return null;
        }
        if (!file.Tensors.TryGetValue("input", out var input) || !file.Tensors.TryGetValue("target", out var target))
            throw new CranioFormatException(path, "tensors", "expected \"input\" and \"target\"");
        if (input.Rank != 5 || target.Rank != 5 || input.C != channels || target.C != 1 || input.D != target.D || input.H != target.H || input.W != target.W)
            throw new CranioFormatException(path, "shapes", $"expected input (1, {channels}, D, H, W) and target (1, 1, D, H, W); found {input.ShapeString} and {target.ShapeString}");
        bool? low = file.Metadata.TryGetValue(ReachesLowKey, out var flag) ? flag switch
        {
            "true" => true,
            "false" => false,
            _ => throw new CranioFormatException(path, ReachesLowKey, $"expected \"true\" or \"false\"; found \"{flag}\""),
        } : null;
        return new PatchSample(file.Metadata.TryGetValue("name", out var n) ? n : Path.GetFileNameWithoutExtension(path), input, target) { ReachesBelowVaultCentre = low };
    }

    /// <summary>The metadata key of <see cref="ReachesBelowVaultCentre"/> ("prior_reaches_below_vault_centre").</summary>
    public const string ReachesLowKey = "prior_reaches_below_vault_centre";

    /// <summary>The metadata key of the prior's description.</summary>
    public const string PriorKey = "prior";
}
