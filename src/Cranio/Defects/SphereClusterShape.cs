using Cranio.Volumes;

namespace Cranio.Defects;

/// <summary>
/// A SkullBreak-style defect: a main sphere with smaller spheres on its surface, united smoothly and elastically
/// deformed. With dᵢ(q) = |q − cᵢ| − rᵢ, the solid is { p : smin_k(d₁(q), …, dₘ(q)) ≤ 0 } where q = p + D(p) is
/// the point displaced by <see cref="Deformation"/> and smin_k is the polynomial smooth minimum
/// smin(a, b) = min(a, b) − h²·k/4, h = max(k − |a − b|, 0)/k, which rounds the creases between spheres over
/// about <see cref="Smoothing"/> = k mm.
/// </summary>
public sealed record SphereClusterShape : DefectShape
{
    private readonly SphereShape[] _spheres;

    /// <summary>Creates the cluster.</summary>
    /// <param name="spheres">The main sphere first, then the satellites (at least one sphere).</param>
    /// <param name="smoothing">k: width in mm of the smooth union (≥ 0; 0 is the plain union).</param>
    /// <param name="deformation">The displacement field D.</param>
    public SphereClusterShape(IEnumerable<SphereShape> spheres, double smoothing, SmoothDisplacementField deformation)
    {
        ArgumentNullException.ThrowIfNull(spheres);
        ArgumentNullException.ThrowIfNull(deformation);
        _spheres = spheres.ToArray();
        if (_spheres.Length == 0)
            throw new ArgumentException("A sphere cluster needs at least one sphere; got none.", nameof(spheres));
        if (!(double.IsFinite(smoothing) && smoothing >= 0))
            throw new ArgumentOutOfRangeException(nameof(smoothing), smoothing, $"Smoothing must be a finite length ≥ 0 mm; got {smoothing}.");
        Smoothing = smoothing;
        Deformation = deformation;
    }

    /// <inheritdoc/>
    public override string Kind => "sphere_cluster";

    /// <summary>The spheres, main one first.</summary>
    public IReadOnlyList<SphereShape> Spheres => _spheres;

    /// <summary>Smooth-union width k in mm.</summary>
    public double Smoothing { get; }

    /// <summary>The elastic displacement field.</summary>
    public SmoothDisplacementField Deformation { get; }

    /// <summary>Centre of the main sphere.</summary>
    public override Vec3 Center => _spheres[0].Center;

    /// <summary>
    /// How far beyond the plain union of the spheres the solid can reach, in mm: (m − 1)·k/4 for the m − 1 smooth
    /// minima (each lowers the distance by at most k/4) plus the displacement amplitude A.
    /// </summary>
    private double Reach => (_spheres.Length - 1) * Smoothing / 4 + Deformation.Amplitude;

    /// <summary>The union of the spheres' boxes grown by <see cref="Reach"/>.</summary>
    public override (Vec3 Min, Vec3 Max) Bounds
    {
        get
        {
            var (min, max) = _spheres[0].Bounds;
            foreach (SphereShape s in _spheres)
            {
                var (a, b) = s.Bounds;
                min = new Vec3(Math.Min(min.X, a.X), Math.Min(min.Y, a.Y), Math.Min(min.Z, a.Z));
                max = new Vec3(Math.Max(max.X, b.X), Math.Max(max.Y, b.Y), Math.Max(max.Z, b.Z));
            }
            double grow = Reach;
            var g = new Vec3(grow, grow, grow);
            return (min - g, max + g);
        }
    }

    /// <inheritdoc/>
    public override bool Contains(Vec3 point) => Near(point) && SmoothDistance(point + Deformation.At(point)) <= 0;

    /// <summary>False when the point is farther than <see cref="Reach"/> from every sphere (then it cannot be inside).</summary>
    private bool Near(Vec3 point)
    {
        double reach = Reach;
        foreach (SphereShape s in _spheres)
        {
            Vec3 offset = point - s.Center;
            double r = s.Radius + reach;
            if (offset.Dot(offset) <= r * r) return true;
        }
        return false;
    }

    /// <summary>The smooth minimum of the spheres' signed distances at the displaced point q.</summary>
    private double SmoothDistance(Vec3 q)
    {
        double k = Smoothing;
        double d = double.PositiveInfinity;
        foreach (SphereShape s in _spheres)
        {
            double di = (q - s.Center).Length - s.Radius;
            if (k > 0 && double.IsFinite(d))
            {
                double h = Math.Max(k - Math.Abs(d - di), 0) / k;
                d = Math.Min(d, di) - h * h * k / 4;
            }
            else d = Math.Min(d, di);
        }
        return d;
    }

    /// <inheritdoc/>
    internal override void ContainsRow(Vec3 start, Vec3 step, Span<bool> inside)
    {
        inside.Clear();
        // Only the stretch of the row within Reach of some sphere can be inside: intersect the line with each grown ball.
        double a = step.Dot(step), reach = Reach, first = double.MaxValue, last = double.MinValue;
        foreach (SphereShape s in _spheres)
        {
            Vec3 o = start - s.Center;
            double rho = s.Radius + reach, b = step.Dot(o), c = o.Dot(o) - rho * rho, disc = b * b - a * c;
            if (disc < 0) continue;
            double root = Math.Sqrt(disc);
            first = Math.Min(first, (-b - root) / a);
            last = Math.Max(last, (-b + root) / a);
        }
        int i0 = (int)Math.Max(0, Math.Floor(first)), i1 = (int)Math.Min(inside.Length - 1, Math.Ceiling(last));
        if (first > last || i0 > i1) return;
        Vec3[] displacement = System.Buffers.ArrayPool<Vec3>.Shared.Rent(i1 - i0 + 1);
        try
        {
            Span<Vec3> d = displacement.AsSpan(0, i1 - i0 + 1);
            Vec3 from = start + step * i0;
            Deformation.AlongRow(from, step, d);
            for (int i = 0; i < d.Length; i++)
            {
                Vec3 p = from + step * i;
                inside[i0 + i] = Near(p) && SmoothDistance(p + d[i]) <= 0;
            }
        }
        finally
        {
            System.Buffers.ArrayPool<Vec3>.Shared.Return(displacement);
        }
    }

    /// <summary>The main sphere's volume when it is alone and undeformed, otherwise null.</summary>
    public override double? AnalyticVolume => _spheres.Length == 1 && Deformation.Amplitude == 0 ? _spheres[0].AnalyticVolume : null;

    /// <inheritdoc/>
    public override string Describe() =>
        string.Join(" | ", _spheres.Select(s => s.Describe())) +
        $"; smoothing={Format(Smoothing)}; deformation_amplitude={Format(Deformation.Amplitude)}; deformation_wavelength={Format(Deformation.Wavelength)}; deformation_seed={Deformation.Seed}";

    /// <summary>Compares spheres, smoothing and deformation.</summary>
    public bool Equals(SphereClusterShape? other) =>
        other is not null && Smoothing == other.Smoothing && Deformation.Equals(other.Deformation) && _spheres.SequenceEqual(other._spheres);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Smoothing, Deformation, _spheres.Length);
}
