using Cranio.Volumes;

namespace Cranio.Defects;

/// <summary>A point on the skull's outer surface (mm, LPS) with its unit outward normal.</summary>
/// <param name="Position">The point, mm in LPS.</param>
/// <param name="Normal">Unit outward normal (LPS).</param>
public readonly record struct SurfacePoint(Vec3 Position, Vec3 Normal);
