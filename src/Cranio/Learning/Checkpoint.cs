using Cranio.IO;

namespace Cranio.Learning;

/// <summary>
/// Saves and restores a <see cref="Module"/>'s parameters as a safetensors file (<see cref="SafeTensors"/>),
/// keyed by <see cref="Module.NamedParameters"/>, with the architecture and training settings as metadata.
/// A training checkpoint also holds the optimiser's state, so that a resumed run continues exactly where it
/// stopped: tensor "optimizer.SLOT.NAME" (SLOT as in <see cref="Optimizer.State"/>, NAME the parameter's name, same
/// shape as the parameter) and metadata key <see cref="OptimizerStepsKey"/>.
/// </summary>
public static class Checkpoint
{
    /// <summary>Metadata key of the optimiser's <see cref="Optimizer.StepCount"/> in a training checkpoint.</summary>
    public const string OptimizerStepsKey = "optimizer_steps";

    private const string OptimizerPrefix = "optimizer.";

    /// <summary>
    /// Writes every parameter of <paramref name="model"/>, the state of <paramref name="optimizer"/> when given (it must
    /// have been built over <c>model.Parameters()</c>) and <paramref name="metadata"/> to <paramref name="path"/>, atomically.
    /// </summary>
    public static void Save(Module model, string path, IReadOnlyDictionary<string, string>? metadata = null, Optimizer? optimizer = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        var parameters = model.NamedParameters();
        if (optimizer is null)
        {
            SafeTensors.Write(path, parameters, metadata);
            return;
        }
        if (optimizer.Parameters.Count != parameters.Count || parameters.Where((p, i) => !ReferenceEquals(p.Parameter, optimizer.Parameters[i])).Any())
            throw new ArgumentException("The optimiser was not built over this model's parameters.", nameof(optimizer));
        var tensors = parameters.ToList();
        foreach (var (slot, buffers) in optimizer.State)
            for (int i = 0; i < buffers.Length; i++)
                tensors.Add(($"{OptimizerPrefix}{slot}.{parameters[i].Name}", new Tensor(buffers[i], parameters[i].Parameter.Shape)));
        var withSteps = metadata is null ? new Dictionary<string, string>() : new Dictionary<string, string>(metadata);
        withSteps[OptimizerStepsKey] = optimizer.StepCount.ToString(System.Globalization.CultureInfo.InvariantCulture);
        SafeTensors.Write(path, tensors, withSteps);
    }

    /// <summary>
    /// Restores <paramref name="optimizer"/>'s state from a training checkpoint written with one; returns false (and
    /// leaves the optimiser unchanged) when the file holds no optimiser state, as a weights-only file does.
    /// </summary>
    /// <exception cref="CranioFormatException">The file has optimiser state that does not match the optimiser or model.</exception>
    public static bool LoadOptimizer(Optimizer optimizer, Module model, string path)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(model);
        var file = SafeTensors.Read(path);
        if (!file.Metadata.TryGetValue(OptimizerStepsKey, out var steps)) return false;
        if (!int.TryParse(steps, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int stepCount))
            throw new CranioFormatException(path, OptimizerStepsKey, $"expected a non-negative whole number; found '{steps}'");
        var names = model.NamedParameters().Select(p => p.Name).ToArray();
        try
        {
            optimizer.Restore((slot, i) => file.Tensors.TryGetValue($"{OptimizerPrefix}{slot}.{names[i]}", out var t) ? t.Data : null, stepCount);
        }
        catch (ArgumentException e)
        {
            throw new CranioFormatException(path, "optimizer", e.Message, e);
        }
        return true;
    }

    /// <summary>
    /// Copies the parameters stored in <paramref name="path"/> into <paramref name="model"/> and returns the file's metadata.
    /// Every parameter must be present with the same shape, and the file must hold nothing else but optimiser state;
    /// otherwise the model is left unchanged.
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
            if (!known.Contains(entry.Key) && !entry.Key.StartsWith(OptimizerPrefix, StringComparison.Ordinal))
                throw new CranioFormatException(path, entry.Key, "the file has a tensor the model does not");
        foreach (var (name, parameter) in parameters) file.Tensors[name].Data.CopyTo(parameter.Data, 0);
        return file.Metadata;
    }
}
