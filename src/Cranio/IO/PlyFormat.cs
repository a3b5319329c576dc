namespace Cranio.IO;

/// <summary>The encoding of a PLY file.</summary>
public enum PlyFormat
{
    /// <summary>binary_little_endian 1.0 (the default).</summary>
    BinaryLittleEndian,

    /// <summary>ascii 1.0.</summary>
    Ascii,
}
