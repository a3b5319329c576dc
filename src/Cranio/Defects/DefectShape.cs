using Cranio.Volumes;

namespace Cranio.Defects;

/// <summary>
/// A solid region of physical space (LPS, mm) whose bone is removed to make a defect.
/// </summary>
/// <remarks>
/// Shapes are immutable records validated in their constructors; lengths are in millimetres and orientations
/// are orthonormal matrices whose columns are the shape's local axes (u, v, w) in LPS. A voxel is removed
/// when its centre is inside the shape (<see cref="ShapeVoxelizer"/>).
/// </remarks>
public abstract record DefectShape
{
    /// <summary>Short name of the shape kind, as written to the manifest (e.g. "sphere").</summary>
    public abstract string Kind { get; }

    /// <summary>A representative centre of the shape (mm, LPS).</summary>
    public abstract Vec3 Center { get; }

    /// <summary>Axis-aligned physical bounding box (mm, LPS) that contains every point of the shape.</summary>
    public abstract (Vec3 Min, Vec3 Max) Bounds { get; }

    /// <summary>True when <paramref name="point"/> (mm, LPS) is inside the shape or on its border.</summary>
    public abstract bool Contains(Vec3 point);

    /// <summary>
    /// Tests the points start + i·step, i = 0 … inside.Length − 1, writing <see cref="Contains"/> of each into
    /// <paramref name="inside"/>. Shapes whose test has a costly part that varies smoothly along a row override it.
    /// </summary>
    internal virtual void ContainsRow(Vec3 start, Vec3 step, Span<bool> inside)
    {
        for (int i = 0; i < inside.Length; i++)
            inside[i] = Contains(start + step * i);
    }

    /// <summary>The exact volume of the solid in mm³, or null when it has no closed form (unions, deformed shapes).</summary>
    public abstract double? AnalyticVolume { get; }

    /// <summary>Parameters as one line of text "name=value; …" with lengths in mm, for metadata.</summary>
    public abstract string Describe();

    /// <summary>Formats a vector as "(x y z)" with 3 decimals, invariant culture.</summary>
    protected static string Format(Vec3 v) => FormattableString.Invariant($"({v.X:0.###} {v.Y:0.###} {v.Z:0.###})");

    /// <summary>Formats a number with 3 decimals, invariant culture.</summary>
    protected static string Format(double v) => v.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Throws unless <paramref name="value"/> is finite and positive.</summary>
    protected static void RequirePositive(double value, string name)
    {
        if (!(double.IsFinite(value) && value > 0))
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be a finite length > 0 mm; got {value}.");
    }

    /// <summary>Throws unless <paramref name="value"/> is a finite point.</summary>
    protected static void RequireFinite(Vec3 value, string name)
    {
        if (!value.IsFinite)
            throw new ArgumentException($"{name} must be finite; got {value}.", name);
    }

    /// <summary>Half-widths along x, y, z of the box that bounds a solid spanning ±<paramref name="halfExtents"/> along the local axes of <paramref name="orientation"/>.</summary>
    protected static Vec3 BoxHalfWidths(Mat3 orientation, Vec3 halfExtents) => new(
        Math.Abs(orientation.M00) * halfExtents.X + Math.Abs(orientation.M01) * halfExtents.Y + Math.Abs(orientation.M02) * halfExtents.Z,
        Math.Abs(orientation.M10) * halfExtents.X + Math.Abs(orientation.M11) * halfExtents.Y + Math.Abs(orientation.M12) * halfExtents.Z,
        Math.Abs(orientation.M20) * halfExtents.X + Math.Abs(orientation.M21) * halfExtents.Y + Math.Abs(orientation.M22) * halfExtents.Z);
}
