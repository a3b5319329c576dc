namespace Cranio.Meshing;

/// <summary>Settings of <see cref="QuadricDecimation"/>. Immutable and validated on construction.</summary>
public sealed class QuadricDecimationOptions
{
    /// <summary>Creates the options.</summary>
    /// <param name="targetTriangles">Stop when the mesh has at most this many triangles (≥ 4, a tetrahedron).</param>
    /// <param name="maxNormalChangeDegrees">Reject a collapse that turns any surviving triangle's normal by more than
    /// this angle, in degrees, in (0, 180); default 60. Normal flips (&gt; 90°) are always rejected with the default.</param>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is out of range; the message says which and what was given.</exception>
    public QuadricDecimationOptions(int targetTriangles, double maxNormalChangeDegrees = 60)
    {
        if (targetTriangles < 4)
            throw new ArgumentOutOfRangeException(nameof(targetTriangles), targetTriangles, $"Target triangle count must be at least 4; got {targetTriangles}.");
        if (!(maxNormalChangeDegrees > 0 && maxNormalChangeDegrees < 180))
            throw new ArgumentOutOfRangeException(nameof(maxNormalChangeDegrees), maxNormalChangeDegrees, $"Maximum normal change must be in (0, 180) degrees; got {maxNormalChangeDegrees}.");
        TargetTriangles = targetTriangles;
        MaxNormalChangeDegrees = maxNormalChangeDegrees;
    }

    /// <summary>The triangle count to reach (the result may stay above it when no valid collapse is left).</summary>
    public int TargetTriangles { get; }

    /// <summary>Largest allowed rotation of a triangle normal by one collapse, degrees; default 60.</summary>
    public double MaxNormalChangeDegrees { get; }
}
