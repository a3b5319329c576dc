namespace Cranio.Meshing;

/// <summary>
/// One triangle of a <see cref="TriangleMesh"/>: three indices into the mesh's vertex array, ordered
/// counter-clockwise as seen from outside, so that (B − A) × (C − A) is the outward normal (right-hand rule).
/// </summary>
/// <param name="A">First vertex index.</param>
/// <param name="B">Second vertex index.</param>
/// <param name="C">Third vertex index.</param>
public readonly record struct Triangle(int A, int B, int C)
{
    /// <summary>Vertex index by corner: 0 = A, 1 = B, 2 = C.</summary>
    public int this[int corner] => corner switch
    {
        0 => A,
        1 => B,
        2 => C,
        _ => throw new ArgumentOutOfRangeException(nameof(corner), corner, "Corner must be 0, 1 or 2."),
    };

    /// <summary>The same triangle with the opposite orientation (A, C, B).</summary>
    public Triangle Flipped() => new(A, C, B);
}
