namespace Cranio.Defects;

/// <summary>
/// The kinds of synthetic defect. The first eight follow Li et al. 2021 (box, sphere, SkullFix craniotomy) and the six
/// mask types of Wu et al. 2022; the last five are the SkullBreak classes (sphere clusters, smoothed and deformed).
/// </summary>
public enum DefectKind
{
    /// <summary>An oriented box through the vault along the local outward normal.</summary>
    Box,
    /// <summary>A sphere centred near the outer surface.</summary>
    Sphere,
    /// <summary>A circular cylinder whose axis is the local outward normal.</summary>
    Cylinder,
    /// <summary>An elliptical cylinder whose axis is the local outward normal.</summary>
    EllipticalCylinder,
    /// <summary>An oriented ellipsoid.</summary>
    Ellipsoid,
    /// <summary>An ellipsoid united with its mirror image across the estimated mid-sagittal plane.</summary>
    SymmetricEllipsoid,
    /// <summary>A union of two or three ellipsoids near one surface point.</summary>
    MixedEllipsoid,
    /// <summary>A union of two or three elliptical cylinders near one surface point.</summary>
    MixedEllipticalCylinder,
    /// <summary>A box along the outward normal with a drill hole at each corner (SkullFix / AutoImplant 2020 style).</summary>
    SkullFix,
    /// <summary>SkullBreak bilateral: a sphere cluster on one side and its mirror image on the other.</summary>
    Bilateral,
    /// <summary>SkullBreak fronto-orbital: a sphere cluster on the low front of the vault, above the orbits.</summary>
    Frontoorbital,
    /// <summary>SkullBreak parieto-temporal: a sphere cluster on the side of the vault.</summary>
    Parietotemporal,
    /// <summary>SkullBreak random_1: a large sphere cluster anywhere on the vault.</summary>
    Random1,
    /// <summary>SkullBreak random_2: a smaller sphere cluster with more satellites anywhere on the vault.</summary>
    Random2,
}

/// <summary>Names of <see cref="DefectKind"/> values as written to manifests and accepted on the command line.</summary>
public static class DefectKinds
{
    /// <summary>The manifest name: snake_case, SkullBreak class names for the SkullBreak kinds (e.g. "random_1").</summary>
    public static string Name(this DefectKind kind) => kind switch
    {
        DefectKind.Box => "box",
        DefectKind.Sphere => "sphere",
        DefectKind.Cylinder => "cylinder",
        DefectKind.EllipticalCylinder => "elliptical_cylinder",
        DefectKind.Ellipsoid => "ellipsoid",
        DefectKind.SymmetricEllipsoid => "symmetric_ellipsoid",
        DefectKind.MixedEllipsoid => "mixed_ellipsoid",
        DefectKind.MixedEllipticalCylinder => "mixed_elliptical_cylinder",
        DefectKind.SkullFix => "skullfix",
        DefectKind.Bilateral => "bilateral",
        DefectKind.Frontoorbital => "frontoorbital",
        DefectKind.Parietotemporal => "parietotemporal",
        DefectKind.Random1 => "random_1",
        DefectKind.Random2 => "random_2",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, $"Unknown defect kind {(int)kind}."),
    };

    /// <summary>Every kind, in declaration order.</summary>
    public static IReadOnlyList<DefectKind> All { get; } = Enum.GetValues<DefectKind>();

    /// <summary>Parses a manifest name (case-insensitive).</summary>
    /// <exception cref="ArgumentException">The name is not a kind; the message lists the valid names.</exception>
    public static DefectKind Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        foreach (DefectKind kind in All)
            if (string.Equals(kind.Name(), name.Trim(), StringComparison.OrdinalIgnoreCase)) return kind;
        throw new ArgumentException($"Defect kind must be one of {string.Join(", ", All.Select(k => k.Name()))}; got \"{name}\".", nameof(name));
    }
}
