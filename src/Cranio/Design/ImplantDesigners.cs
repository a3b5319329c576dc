namespace Cranio.Design;

/// <summary>The implant designers by the names the CLI and the web app use.</summary>
public static class ImplantDesigners
{
    /// <summary>The spherical-map designer (no training): <see cref="SphericalMapDesigner"/>.</summary>
    public const string Spherical = "spherical";

    /// <summary>The mirror designer (classical baseline): <see cref="MirrorDesigner"/>.</summary>
    public const string Mirror = "mirror";

    /// <summary>The learned designer (a patch network refining the spherical-map implant, shipped weights): <see cref="LearnedDesigner"/>.</summary>
    public const string Learned = "learned";

    /// <summary>The coarse network alone (it sees the whole defective skull on a grid of about 1.7 mm; shipped weights; a learning baseline): <see cref="CoarseDesigner"/>.</summary>
    public const string Coarse = "coarse";

    /// <summary>The method used when none is named: the best available, <see cref="Spherical"/>.</summary>
    public const string Default = Spherical;

    /// <summary>Every method name, best first.</summary>
    public static IReadOnlyList<string> Names { get; } = [Spherical, Learned, Mirror, Coarse];

    /// <summary>Creates the designer named <paramref name="method"/> with its default options.</summary>
    /// <exception cref="ArgumentException">The name is not one of <see cref="Names"/>.</exception>
    public static IImplantDesigner Create(string method) => method.ToLowerInvariant() switch
    {
        Spherical => new SphericalMapDesigner(),
        Mirror => new MirrorDesigner(),
        Learned => new LearnedDesigner(),
        Coarse => new CoarseDesigner(),
        _ => throw new ArgumentException($"The design method must be one of {string.Join(", ", Names)}; got \"{method}\".", nameof(method)),
    };
}
