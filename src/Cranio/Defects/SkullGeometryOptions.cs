namespace Cranio.Defects;

/// <summary>Parameters of <see cref="SkullGeometry"/>; validated on construction.</summary>
public sealed record SkullGeometryOptions
{
    /// <summary>Creates the options.</summary>
    /// <param name="rayCount">Rays cast from the centroid to find the outer surface (100…1,000,000; default 4096).</param>
    /// <param name="normalRadius">Radius in mm of the ball used to estimate outward normals (&gt; 0; default 4 mm).</param>
    /// <param name="vaultLevel">Base plane height as a fraction of the highest surface point's height above the centroid
    /// (−1…0.9; default 0.1).</param>
    public SkullGeometryOptions(int rayCount = 4096, double normalRadius = 4, double vaultLevel = 0.1)
    {
        if (rayCount is < 100 or > 1_000_000)
            throw new ArgumentOutOfRangeException(nameof(rayCount), rayCount, $"Ray count must be 100…1,000,000; got {rayCount}.");
        if (!(double.IsFinite(normalRadius) && normalRadius > 0))
            throw new ArgumentOutOfRangeException(nameof(normalRadius), normalRadius, $"Normal radius must be a finite length > 0 mm; got {normalRadius}.");
        if (!(vaultLevel >= -1 && vaultLevel <= 0.9))
            throw new ArgumentOutOfRangeException(nameof(vaultLevel), vaultLevel, $"Vault level must be a fraction in −1…0.9; got {vaultLevel}.");
        RayCount = rayCount;
        NormalRadius = normalRadius;
        VaultLevel = vaultLevel;
    }

    /// <summary>The defaults: 4096 rays, 4 mm normal radius, vault level 0.1.</summary>
    public static SkullGeometryOptions Default { get; } = new();

    /// <summary>Rays cast from the centroid.</summary>
    public int RayCount { get; }

    /// <summary>Radius in mm of the normal-estimation ball.</summary>
    public double NormalRadius { get; }

    /// <summary>Base plane height as a fraction of the top height above the centroid.</summary>
    public double VaultLevel { get; }
}
