using Cranio.Volumes;

namespace Cranio.Defects;

/// <summary>
/// The union of several shapes: a point is inside when it is inside any part. Used for the mixed masks of
/// Wu et al. 2022 and for craniotomies (a box plus drill holes).
/// </summary>
public sealed record UnionShape : DefectShape
{
    private readonly DefectShape[] _parts;
    private readonly (Vec3 Min, Vec3 Max)[] _bounds;

    /// <summary>Creates the union; <paramref name="kind"/> names it in metadata (e.g. "mixed_ellipsoid").</summary>
    /// <exception cref="ArgumentException">No parts, or an empty kind.</exception>
    public UnionShape(string kind, IEnumerable<DefectShape> parts)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(kind);
        ArgumentNullException.ThrowIfNull(parts);
        _parts = parts.ToArray();
        if (_parts.Length == 0)
            throw new ArgumentException("A union needs at least one part; got none.", nameof(parts));
        if (_parts.Any(p => p is null))
            throw new ArgumentException("A union's parts must not be null.", nameof(parts));
        Kind = kind;
        _bounds = _parts.Select(p => p.Bounds).ToArray();
    }

    /// <inheritdoc/>
    public override string Kind { get; }

    /// <summary>The parts, in the order given.</summary>
    public IReadOnlyList<DefectShape> Parts => _parts;

    /// <summary>Centre of the first part (the main one).</summary>
    public override Vec3 Center => _parts[0].Center;

    /// <inheritdoc/>
    public override (Vec3 Min, Vec3 Max) Bounds
    {
        get
        {
            var (min, max) = _parts[0].Bounds;
            foreach (DefectShape part in _parts)
            {
                var (a, b) = part.Bounds;
                min = new Vec3(Math.Min(min.X, a.X), Math.Min(min.Y, a.Y), Math.Min(min.Z, a.Z));
                max = new Vec3(Math.Max(max.X, b.X), Math.Max(max.Y, b.Y), Math.Max(max.Z, b.Z));
            }
            return (min, max);
        }
    }

    /// <inheritdoc/>
    public override bool Contains(Vec3 point)
    {
        for (int i = 0; i < _parts.Length; i++)
        {
            var (min, max) = _bounds[i];
            if (point.X < min.X || point.Y < min.Y || point.Z < min.Z || point.X > max.X || point.Y > max.Y || point.Z > max.Z) continue;
            if (_parts[i].Contains(point)) return true;
        }
        return false;
    }

    /// <summary>The single part's volume for a one-part union, otherwise null (overlaps have no general closed form).</summary>
    public override double? AnalyticVolume => _parts.Length == 1 ? _parts[0].AnalyticVolume : null;

    /// <inheritdoc/>
    public override string Describe() => string.Join(" | ", _parts.Select(p => $"{p.Kind}: {p.Describe()}"));

    /// <summary>Compares kinds and parts element by element.</summary>
    public bool Equals(UnionShape? other) => other is not null && Kind == other.Kind && _parts.SequenceEqual(other._parts);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Kind, _parts.Length, _parts[0]);
}
