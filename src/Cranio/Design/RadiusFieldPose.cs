using Cranio.Defects;
using Cranio.Volumes;

namespace Cranio.Design;

/// <summary>
/// A small rigid motion of a skull as its spherical map sees it: a rotation about the vault centre (a rotation
/// vector, radians) and a shift of the centre (mm). A radius field <c>f</c> moved by the pose reads
/// <c>f′(d) = f(R d) + t·(R d)</c>; the shift term is the first-order change of a radius along <c>d</c> when the
/// centre moves by <c>−t</c>, which is what a few millimetres of disagreement between two vault-centre fits amount to.
/// </summary>
/// <param name="Rotation">Rotation vector ω (radians): axis ω/|ω|, angle |ω|.</param>
/// <param name="Shift">Translation t (mm).</param>
internal readonly record struct RadiusFieldPose(Vec3 Rotation, Vec3 Shift)
{
    /// <summary>The identity pose.</summary>
    public static RadiusFieldPose Identity => new(Vec3.Zero, Vec3.Zero);

    /// <summary>The rotation matrix R of <see cref="Rotation"/>.</summary>
    public Mat3 Matrix
    {
        get
        {
            double angle = Rotation.Length;
            return angle < 1e-15 ? Mat3.Identity : RigidTransform.AxisAngle(Rotation / angle, angle * 180 / Math.PI);
        }
    }

    /// <summary>The pose with parameter <paramref name="index"/> (0–2 rotation, 3–5 shift) increased by <paramref name="step"/>.</summary>
    public RadiusFieldPose With(int index, double step) => index switch
    {
        0 => this with { Rotation = Rotation + new Vec3(step, 0, 0) },
        1 => this with { Rotation = Rotation + new Vec3(0, step, 0) },
        2 => this with { Rotation = Rotation + new Vec3(0, 0, step) },
        3 => this with { Shift = Shift + new Vec3(step, 0, 0) },
        4 => this with { Shift = Shift + new Vec3(0, step, 0) },
        5 => this with { Shift = Shift + new Vec3(0, 0, step) },
        _ => throw new ArgumentOutOfRangeException(nameof(index), index, "A pose has six parameters (0–5)."),
    };
}
