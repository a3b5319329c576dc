using Cranio.IO;
using Cranio.Learning;
using Cranio.Volumes;

namespace Cranio.Design;

/// <summary>
/// The learned designer's network: a <see cref="SkipAutoencoder3d"/> with two input channels (defective skull and
/// spherical-map implant, both on the <see cref="PatchWindow"/> working grid), or three with the defective skull's
/// mirror image in its mid-sagittal plane or the coarse network's probabilities (<see cref="HasThirdChannel"/>), and one output channel (implant logits),
/// together with the window settings it was trained with. Checkpoints carry both as metadata (key "model" = "patch").
/// </summary>
public sealed class PatchRefinementModel : IWindowNetwork
{
    /// <summary>The value of the checkpoint metadata key "model".</summary>
    public const string ModelName = "patch";

    /// <summary>Builds a network with weights drawn from <paramref name="seed"/>.</summary>
    public PatchRefinementModel(SkipAutoencoderOptions architecture, PatchWindowOptions window, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        if (architecture.InChannels is not (2 or 3) || architecture.OutChannels != 1)
            throw new ArgumentException($"The patch network takes 2 or 3 input channels and gives 1 output channel; got {architecture.InChannels} and {architecture.OutChannels}.", nameof(architecture));
        Network = new SkipAutoencoder3d(architecture, seed);
        Window = window ?? throw new ArgumentNullException(nameof(window));
    }

    /// <summary>
    /// The default architecture: encoder channels (8, 8, 8), 8 middle channels with dilations (2, 2, 2, 2), 2 inputs,
    /// 1 output (28,385 parameters).
    /// </summary>
    public static SkipAutoencoderOptions DefaultArchitecture { get; } = new([8, 8, 8], 8, [2, 2, 2, 2], inChannels: 2, outChannels: 1);

    /// <summary>
    /// True when the network takes a third input channel: the defective skull's mirror image (<see cref="PatchWindow.MirroredToWorking"/>),
    /// or, when its checkpoint names coarse weights (<see cref="PatchTrainingOptions.CoarseChannelKey"/>), the coarse network's probabilities.
    /// </summary>
    public bool HasThirdChannel => Network.Options.InChannels == 3;

    /// <summary>The network.</summary>
    public SkipAutoencoder3d Network { get; }

    /// <summary>The window settings.</summary>
    public PatchWindowOptions Window { get; }

    /// <summary>Architecture and window as checkpoint metadata, with "model" = <see cref="ModelName"/>.</summary>
    public Dictionary<string, string> ToMetadata() => WindowNetworkCheckpoint.Metadata(this, ModelName);

    /// <summary>Loads a checkpoint written with <see cref="ToMetadata"/>; returns the model and the file's metadata.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="CranioFormatException">The file is not a patch-model checkpoint or its tensors do not match its architecture.</exception>
    public static (PatchRefinementModel Model, IReadOnlyDictionary<string, string> Metadata) Load(string path) =>
        WindowNetworkCheckpoint.Load(path, ModelName, (architecture, window) => new PatchRefinementModel(architecture, window, seed: 0));

    /// <summary>Implant probabilities σ(logits) on <paramref name="workingGrid"/> for a (1, 2 or 3, D, H, W) input from <see cref="PatchWindow.Input"/>.</summary>
    public Volume<float> Probabilities(Tensor input, Grid workingGrid)
    {
        ArgumentNullException.ThrowIfNull(input);
        return VolumeTensors.ToVolume(Functional.Sigmoid(Network.Forward(input)), workingGrid);
    }
}
