using Cranio.Volumes;

namespace Cranio.Defects;

/// <summary>
/// A rigid motion of physical space (LPS, mm): T(p) = R·(p − c) + c + t, with rotation R (orthonormal, det +1),
/// centre c and translation t in mm.
/// </summary>
public sealed record RigidTransform
{
    /// <summary>Creates the transform.</summary>
    /// <exception cref="ArgumentException">R is not a proper rotation, or c or t is not finite.</exception>
    public RigidTransform(Mat3 rotation, Vec3 centre, Vec3 translation)
    {
        LocalFrame.Validate(rotation, nameof(rotation));
        if (rotation.Determinant < 0)
            throw new ArgumentException($"Rotation must have determinant +1 (no reflection); got {rotation.Determinant:0.###}.", nameof(rotation));
        if (!centre.IsFinite) throw new ArgumentException($"Centre must be finite; got {centre}.", nameof(centre));
        if (!translation.IsFinite) throw new ArgumentException($"Translation must be finite; got {translation}.", nameof(translation));
        Rotation = rotation;
        Centre = centre;
        Translation = translation;
    }

    /// <summary>The rotation R.</summary>
    public Mat3 Rotation { get; }

    /// <summary>The centre of rotation c, mm (LPS).</summary>
    public Vec3 Centre { get; }

    /// <summary>The translation t, mm (LPS).</summary>
    public Vec3 Translation { get; }

    /// <summary>The identity.</summary>
    public static RigidTransform Identity { get; } = new(Mat3.Identity, Vec3.Zero, Vec3.Zero);

    /// <summary>
    /// The augmentation of Wu et al. 2022: a rotation by <paramref name="rotationDegrees"/> about <paramref name="superior"/>,
    /// then a tilt by <paramref name="tiltDegrees"/> about <paramref name="left"/>, both through <paramref name="centre"/>,
    /// then a shift by <paramref name="translation"/> mm. Positive angles turn counter-clockwise looking down the axis (right-hand rule).
    /// </summary>
    public static RigidTransform FromAngles(double rotationDegrees, double tiltDegrees, Vec3 translation, Vec3 centre, Vec3 superior, Vec3 left) =>
        new(AxisAngle(left, tiltDegrees) * AxisAngle(superior, rotationDegrees), centre, translation);

    /// <summary>
    /// A random augmentation: rotation and tilt uniform in ±<paramref name="maxRotationDegrees"/> and
    /// ±<paramref name="maxTiltDegrees"/>, translation along <paramref name="superior"/> uniform in
    /// ±<paramref name="maxTranslation"/> mm (the vertical shift of Wu et al. 2022), drawn from <paramref name="random"/>.
    /// </summary>
    public static RigidTransform Draw(Xoshiro256 random, double maxRotationDegrees, double maxTiltDegrees, double maxTranslation, Vec3 centre, Vec3 superior, Vec3 left)
    {
        ArgumentNullException.ThrowIfNull(random);
        double rotation = random.Uniform(-maxRotationDegrees, maxRotationDegrees);
        double tilt = random.Uniform(-maxTiltDegrees, maxTiltDegrees);
        double shift = random.Uniform(-maxTranslation, maxTranslation);
        return FromAngles(rotation, tilt, superior.Normalized() * shift, centre, superior, left);
    }

    /// <summary>T(p).</summary>
    public Vec3 Apply(Vec3 point) => Rotation * (point - Centre) + Centre + Translation;

    /// <summary>T⁻¹(q) = Rᵀ·(q − c − t) + c.</summary>
    public Vec3 ApplyInverse(Vec3 point) => Rotation.Transpose() * (point - Centre - Translation) + Centre;

    /// <summary>The rotation by <paramref name="degrees"/> about the unit <paramref name="axis"/> (Rodrigues' formula).</summary>
    /// <exception cref="ArgumentException">The axis is zero or not finite, or the angle is not finite.</exception>
    public static Mat3 AxisAngle(Vec3 axis, double degrees)
    {
        if (!axis.IsFinite || !(axis.Length > 0)) throw new ArgumentException($"Rotation axis must be finite and non-zero; got {axis}.", nameof(axis));
        if (!double.IsFinite(degrees)) throw new ArgumentException($"Rotation angle must be finite; got {degrees}.", nameof(degrees));
        Vec3 k = axis.Normalized();
        double a = degrees * Math.PI / 180, c = Math.Cos(a), s = Math.Sin(a), v = 1 - c;
        return new Mat3(
            c + k.X * k.X * v, k.X * k.Y * v - k.Z * s, k.X * k.Z * v + k.Y * s,
            k.Y * k.X * v + k.Z * s, c + k.Y * k.Y * v, k.Y * k.Z * v - k.X * s,
            k.Z * k.X * v - k.Y * s, k.Z * k.Y * v + k.X * s, c + k.Z * k.Z * v);
    }
}
