using System.Globalization;
using Cranio.IO;

namespace Cranio.Learning;

/// <summary>
/// Reads settings from a checkpoint's string metadata (<see cref="SafeTensors"/> <c>__metadata__</c>): every
/// reader throws an <see cref="ArgumentException"/> that names the key, what was expected and what was found, which
/// the loaders turn into a <see cref="CranioFormatException"/> naming the file.
/// </summary>
internal static class CheckpointMetadata
{
    /// <summary>The value of <paramref name="key"/>.</summary>
    /// <exception cref="ArgumentException">The key is missing.</exception>
    public static string Text(IReadOnlyDictionary<string, string> metadata, string key) =>
        metadata.TryGetValue(key, out var value) ? value : throw new ArgumentException($"Checkpoint metadata has no '{key}'.", nameof(metadata));

    /// <summary>The value of <paramref name="key"/> as an integer (invariant culture).</summary>
    /// <exception cref="ArgumentException">The key is missing or not an integer.</exception>
    public static int Integer(IReadOnlyDictionary<string, string> metadata, string key) =>
        int.TryParse(Text(metadata, key), NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) ? value
            : throw new ArgumentException($"Checkpoint metadata '{key}' must be an integer; found '{Text(metadata, key)}'.", nameof(metadata));

    /// <summary>The value of <paramref name="key"/> as a number (invariant culture, round-trip format).</summary>
    /// <exception cref="ArgumentException">The key is missing or not a number.</exception>
    public static double Number(IReadOnlyDictionary<string, string> metadata, string key) =>
        double.TryParse(Text(metadata, key), NumberStyles.Float, CultureInfo.InvariantCulture, out double value) ? value
            : throw new ArgumentException($"Checkpoint metadata '{key}' must be a number; found '{Text(metadata, key)}'.", nameof(metadata));

    /// <summary>The value of <paramref name="key"/> as comma-separated integers (<see cref="SkipAutoencoderOptions.ParseCounts"/>).</summary>
    /// <exception cref="ArgumentException">The key is missing or an item is not an integer.</exception>
    public static int[] Counts(IReadOnlyDictionary<string, string> metadata, string key)
    {
        string text = Text(metadata, key);
        try
        {
            return SkipAutoencoderOptions.ParseCounts(text);
        }
        catch (Exception e) when (e is FormatException or OverflowException)
        {
            throw new ArgumentException($"Checkpoint metadata '{key}' must be comma-separated integers; found '{text}'.", nameof(metadata), e);
        }
    }
}
