using System.IO.Compression;

namespace Cranio.IO;

/// <summary>
/// The zlib level (1…9) the NRRD and NIfTI writers compress with, and the gzip stream that applies it.
/// </summary>
/// <remarks>
/// The default is level 2. .NET's <see cref="CompressionLevel.Fastest"/> is zlib-ng's level 1, whose "quick"
/// strategy leaves binary masks 5–9 times larger than other tools' files (a SkullFix implant mask: 2.4 MB against
/// 0.26 MB); level 2 is zlib-ng's first level with lazy matching and costs the same CPU on masks
/// (docs/BENCHMARKS.md, Volume I/O).
/// </remarks>
public static class GzipLevel
{
    /// <summary>The writers' default zlib level: 2.</summary>
    public const int Default = 2;

    /// <summary>Opens a gzip stream writing to <paramref name="stream"/> (left open) at zlib level <paramref name="level"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The level is outside 1…9.</exception>
    public static GZipStream Compress(Stream stream, int level)
    {
        Validate(level, nameof(level));
        return new GZipStream(stream, new ZLibCompressionOptions { CompressionLevel = level }, leaveOpen: true);
    }

    /// <summary>Throws when <paramref name="level"/> is outside 1…9, naming <paramref name="name"/>.</summary>
    internal static void Validate(int level, string name)
    {
        if (level is < 1 or > 9)
            throw new ArgumentOutOfRangeException(name, level, $"The gzip level must be 1…9 (zlib levels); got {level}.");
    }
}
