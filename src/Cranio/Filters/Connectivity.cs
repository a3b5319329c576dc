namespace Cranio.Filters;

/// <summary>
/// Voxel neighbourhoods for connected-component labelling: 6 (faces), 18 (faces and edges) or 26 (faces, edges
/// and corners), the 3D counterparts of scipy's structures of rank 1, 2 and 3.
/// </summary>
public static class Connectivity
{
    /// <summary>Face neighbours only: two voxels touch when they differ by one step along one axis.</summary>
    public const int Faces = 6;

    /// <summary>Face and edge neighbours: voxels that differ by one step along at most two axes.</summary>
    public const int FacesAndEdges = 18;

    /// <summary>Face, edge and corner neighbours: voxels that differ by at most one step along every axis.</summary>
    public const int Full = 26;

    /// <summary>Throws when <paramref name="connectivity"/> is not 6, 18 or 26.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not 6, 18 or 26; the message says what was received.</exception>
    public static void Validate(int connectivity)
    {
        if (connectivity is not (Faces or FacesAndEdges or Full))
            throw new ArgumentOutOfRangeException(nameof(connectivity), connectivity, $"Connectivity must be 6, 18 or 26; got {connectivity}.");
    }
}
