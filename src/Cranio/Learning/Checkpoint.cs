using Cranio.IO;

namespace Cranio.Learning;

/// <summary>
/// Saves and restores a <see cref="Module"/>'s parameters as a safetensors file (<see cref="SafeTensors"/>),
/// keyed by <see cref="Module.NamedParameters"/>, with the architecture and training settings as metadata.
/// </summary>
public static class Checkpoint
{
    /// <summary>Writes every parameter of <paramref name="model"/> and <paramref name="metadata"/> to <paramref name="path"/>, atomically.</summary>
    public static void Save(Module model, string path, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        SafeTensors.Write(path, model.NamedParameters(), metadata);
    }

    /// <summary>
    /// Copies the parameters stored in <paramref name="path"/> into <paramref name="model"/> and returns the file's metadata.
    /// Every parameter must be present with the same shape, and the file must hold nothing else; otherwise the model is left unchanged.
    /// </summary>
    /// <exception cref="CranioFormatException">A parameter is missing, has another shape, or the file has an unknown tensor.</exception>
    public static IReadOnlyDictionary<string, string> Load(Module model, string path)
    {
        ArgumentNullException.ThrowIfNull(model);
        var file = SafeTensors.Read(path);
        var parameters = model.NamedParameters();
        foreach (var (name, parameter) in parameters)
        {
            if (!file.Tensors.TryGetValue(name, out var stored))
                throw new CranioFormatException(path, name, $"the model has a parameter {parameter.ShapeString} that the file does not contain");
            if (!stored.Shape.AsSpan().SequenceEqual(parameter.Shape))
                throw new CranioFormatException(path, name, $"expected shape {parameter.ShapeString}; the file has {stored.ShapeString}");
        }
        var known = parameters.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var entry in file.Entries)
            if (!known.Contains(entry.Key))
                throw new CranioFormatException(path, entry.Key, "the file has a tensor the model does not");
        foreach (var (name, parameter) in parameters) file.Tensors[name].Data.CopyTo(parameter.Data, 0);
        return file.Metadata;
    }
}
