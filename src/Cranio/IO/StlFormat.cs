namespace Cranio.IO;

/// <summary>The encoding of an STL file.</summary>
public enum StlFormat
{
    /// <summary>Binary STL: 80-byte header, uint32 triangle count, 50 bytes per triangle (float32, little endian). The default.</summary>
    Binary,

    /// <summary>ASCII STL ("solid … facet normal … outer loop … vertex …").</summary>
    Ascii,
}
