namespace Cranio.IO;

/// <summary>How <see cref="NrrdWriter"/> encodes the voxels.</summary>
/// <param name="Compress">Gzip the data (default true); raw when false.</param>
/// <param name="Level">zlib level 1…9 of the gzip data; default <see cref="GzipLevel.Default"/> (2), see there.</param>
public sealed record NrrdWriteOptions(bool Compress = true, int Level = GzipLevel.Default)
{
    /// <summary>The zlib level, validated when the options are made.</summary>
    public int Level { get; } = Validated(Level);

    /// <summary>The defaults: gzip at zlib level 2.</summary>
    public static NrrdWriteOptions Default { get; } = new();

    private static int Validated(int level)
    {
        GzipLevel.Validate(level, nameof(Level));
        return level;
    }
}
