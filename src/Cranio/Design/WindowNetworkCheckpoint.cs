using Cranio.IO;
using Cranio.Learning;

namespace Cranio.Design;

/// <summary>Writes and reads the metadata of an <see cref="IWindowNetwork"/>'s checkpoint: it names the model, the architecture and the window.</summary>
public static class WindowNetworkCheckpoint
{
    /// <summary>The architecture and window of <paramref name="model"/> as checkpoint metadata, with "model" = <paramref name="modelName"/>.</summary>
    public static Dictionary<string, string> Metadata(IWindowNetwork model, string modelName)
    {
        ArgumentNullException.ThrowIfNull(model);
        var metadata = model.Network.Options.ToMetadata();
        foreach (var (key, value) in model.Window.ToMetadata()) metadata[key] = value;
        metadata["model"] = modelName;
        return metadata;
    }

    /// <summary>
    /// Loads a checkpoint whose metadata "model" is <paramref name="modelName"/>: builds the network with
    /// <paramref name="create"/> from the recorded architecture and window, then reads its weights.
    /// </summary>
    /// <param name="path">The checkpoint (.safetensors).</param>
    /// <param name="modelName">The value the metadata key "model" must hold.</param>
    /// <param name="create">Builds an untrained model of that architecture and window; throws <see cref="ArgumentException"/> for one it cannot take.</param>
    /// <returns>The model and the file's metadata.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="CranioFormatException">The file is another model's checkpoint or its tensors do not match its architecture.</exception>
    public static (T Model, IReadOnlyDictionary<string, string> Metadata) Load<T>(string path, string modelName, Func<SkipAutoencoderOptions, PatchWindowOptions, T> create)
        where T : IWindowNetwork
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(create);
        if (!File.Exists(path))
            throw new FileNotFoundException($"The learned designer's weights were not found: {path}. Train them with 'cranio train --model {modelName}' or build with the shipped weights.", path);
        var metadata = SafeTensors.Read(path).Metadata;
        string model = metadata.TryGetValue("model", out var m) ? m : "(none)";
        if (model != modelName)
            throw new CranioFormatException(path, "model", $"expected a \"{modelName}\" checkpoint; found {model}");
        T result;
        try
        {
            result = create(SkipAutoencoderOptions.FromMetadata(metadata), PatchWindowOptions.FromMetadata(metadata));
        }
        catch (ArgumentException e)
        {
            throw new CranioFormatException(path, "__metadata__", e.Message, e);
        }
        Checkpoint.Load(result.Network, path);
        return (result, metadata);
    }
}
