using Cranio.Learning;
using Cranio.Volumes;

namespace Cranio.Design;

/// <summary>
/// The coarse network that sees the whole defective skull, after the shape-completion autoencoder of Wu et al.
/// (2022) and the coarse stage of Li et al. (2021), which locates the defect: a <see cref="SkipAutoencoder3d"/> with
/// one input channel, the defective skull, and one output channel, the logits of the complete skull or of the
/// implant (<see cref="Learning.CoarseTarget"/>, recorded in the checkpoint as "train_target"), on a
/// <see cref="PatchWindow"/> around the whole defective skull (<see cref="DefaultWindow"/>: its bounding box grown by
/// 20 mm, at most 128 working voxels per axis, so about 1.7 mm on a SkullFix head). Either way its implant is the
/// predicted bone minus the defective skull (<see cref="CoarseDesigner"/>). Checkpoints carry the architecture and
/// window as metadata (key "model" = "coarse").
/// </summary>
public sealed class CoarseSkullModel : IWindowNetwork
{
    /// <summary>The value of the checkpoint metadata key "model".</summary>
    public const string ModelName = "coarse";

    /// <summary>Builds a network with weights drawn from <paramref name="seed"/>.</summary>
    /// <exception cref="ArgumentException">The architecture does not take one input channel and give one output channel.</exception>
    public CoarseSkullModel(SkipAutoencoderOptions architecture, PatchWindowOptions window, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        if (architecture.InChannels != 1 || architecture.OutChannels != 1)
            throw new ArgumentException($"The coarse network takes 1 input channel and gives 1 output channel; got {architecture.InChannels} and {architecture.OutChannels}.", nameof(architecture));
        Network = new SkipAutoencoder3d(architecture, seed);
        Window = window ?? throw new ArgumentNullException(nameof(window));
    }

    /// <summary>
    /// The default architecture: encoder channels (8, 8, 8), 8 middle channels with dilations (2, 2, 2, 2), 1 input,
    /// 1 output.
    /// </summary>
    public static SkipAutoencoderOptions DefaultArchitecture { get; } = new([8, 8, 8], 8, [2, 2, 2, 2], inChannels: 1, outChannels: 1);

    /// <summary>
    /// The default window: the defective skull's bounding box grown by 20 mm (room for bone a defect removed at the
    /// top of the vault), working spacing at least 1.5 mm and at most 128 voxels per axis.
    /// </summary>
    public static PatchWindowOptions DefaultWindow { get; } = new(marginMm: 20, spacingMm: 1.5, maxSize: 128);

    /// <inheritdoc />
    public SkipAutoencoder3d Network { get; }

    /// <inheritdoc />
    public PatchWindowOptions Window { get; }

    /// <inheritdoc />
    public Dictionary<string, string> ToMetadata() => WindowNetworkCheckpoint.Metadata(this, ModelName);

    /// <summary>Loads a checkpoint written with <see cref="ToMetadata"/>; returns the model and the file's metadata.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="Cranio.IO.CranioFormatException">The file is not a coarse-network checkpoint or its tensors do not match its architecture.</exception>
    public static (CoarseSkullModel Model, IReadOnlyDictionary<string, string> Metadata) Load(string path) =>
        WindowNetworkCheckpoint.Load(path, ModelName, (architecture, window) => new CoarseSkullModel(architecture, window, seed: 0));

    /// <summary>The window around the bone of <paramref name="defectiveSkull"/>, or null when it has none.</summary>
    public PatchWindow? Locate(Volume<byte> defectiveSkull) => PatchWindow.Locate(defectiveSkull, Window);

    /// <summary>The network input (1, 1, D, H, W): <paramref name="defectiveSkull"/> on the window's working grid.</summary>
    public static Tensor Input(PatchWindow window, Volume<byte> defectiveSkull)
    {
        ArgumentNullException.ThrowIfNull(window);
        return VolumeTensors.FromVolume(window.ToWorking(defectiveSkull));
    }

    /// <summary>
    /// The network's probabilities σ(logits) (of bone in the complete skull, or of implant, by the target it was
    /// trained on), resampled trilinearly from the working grid onto the window's crop grid (a box of the input grid).
    /// </summary>
    public Volume<float> Probabilities(PatchWindow window, Volume<byte> defectiveSkull) => window.ToCrop(WorkingProbabilities(window, defectiveSkull));

    /// <summary>
    /// The network's probabilities σ(logits) for the whole of <paramref name="defectiveSkull"/> on the working grid
    /// of its window (<see cref="Locate"/>), or null when the skull has no bone. This is the patch network's coarse
    /// channel (<see cref="PatchTrainingOptions.CoarseChannel"/>): <see cref="PatchWindow.Input"/> resamples it onto
    /// the patch's own working grid.
    /// </summary>
    public Volume<float>? ProbabilitiesOn(Volume<byte> defectiveSkull) =>
        Locate(defectiveSkull) is PatchWindow window ? WorkingProbabilities(window, defectiveSkull) : null;

    /// <summary>
    /// What names a coarse checkpoint in a patch network trained on its probabilities ("train_coarse_channel"): the
    /// file's name and the first 16 hexadecimal digits of the SHA-256 of its bytes, e.g.
    /// "coarse-skull.safetensors sha256:0123456789abcdef". Retrained weights get another identity even under the same name.
    /// </summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static string WeightsIdentity(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no coarse-network weights here.", path);
        byte[] hash = System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path));
        return $"{Path.GetFileName(path)} sha256:{Convert.ToHexStringLower(hash)[..16]}";
    }

    private Volume<float> WorkingProbabilities(PatchWindow window, Volume<byte> defectiveSkull)
    {
        ArgumentNullException.ThrowIfNull(window);
        return VolumeTensors.ToVolume(Functional.Sigmoid(Network.Forward(Input(window, defectiveSkull))), window.WorkingGrid);
    }
}
