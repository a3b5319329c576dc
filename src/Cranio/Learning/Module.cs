namespace Cranio.Learning;

/// <summary>
/// A network part with named parameters and sub-modules. Parameter names are dotted paths
/// ("encoder1.weight"), the keys of checkpoints (<see cref="Checkpoint"/>), in registration order.
/// </summary>
public abstract class Module
{
    private readonly List<(string Name, Tensor Parameter)> _parameters = [];
    private readonly List<(string Name, Module Module)> _modules = [];

    /// <summary>Computes the module's output; checks the input's rank and shape and says what it got.</summary>
    public abstract Tensor Forward(Tensor input);

    /// <summary>All parameters of this module and its sub-modules, with their dotted names, in registration order.</summary>
    public IReadOnlyList<(string Name, Tensor Parameter)> NamedParameters()
    {
        var list = new List<(string, Tensor)>(_parameters);
        foreach (var (prefix, module) in _modules)
            foreach (var (name, parameter) in module.NamedParameters())
                list.Add(($"{prefix}.{name}", parameter));
        return list;
    }

    /// <summary>All parameters, in the order of <see cref="NamedParameters"/>.</summary>
    public IReadOnlyList<Tensor> Parameters() => NamedParameters().Select(p => p.Parameter).ToArray();

    /// <summary>Total number of trainable values.</summary>
    public long ParameterCount() => NamedParameters().Sum(p => (long)p.Parameter.Length);

    /// <summary>Registers a parameter (marked as requiring gradients) under <paramref name="name"/>.</summary>
    protected Tensor RegisterParameter(string name, Tensor parameter)
    {
        parameter.RequiresGrad = true;
        _parameters.Add((name, parameter));
        return parameter;
    }

    /// <summary>Registers a sub-module whose parameters are named "<paramref name="name"/>.…".</summary>
    protected T RegisterModule<T>(string name, T module) where T : Module
    {
        _modules.Add((name, module));
        return module;
    }
}
