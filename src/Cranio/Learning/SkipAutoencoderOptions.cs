using System.Globalization;

namespace Cranio.Learning;

/// <summary>
/// Architecture of a <see cref="SkipAutoencoder3d"/> (after Wu et al. 2022): channel counts of the three encoder
/// levels, of the dilated middle layers, and their dilation rates. Validated on construction.
/// </summary>
public sealed record SkipAutoencoderOptions
{
    /// <summary>Creates validated options.</summary>
    /// <param name="encoderChannels">Channels of the three encoder levels (and of the matching decoder levels), each ≥ 1; default (8, 8, 8).</param>
    /// <param name="middleChannels">Channels of each dilated middle layer (≥ 1; default 4, as the paper's four kernels).</param>
    /// <param name="dilations">Dilation rate of each of the four middle layers (each ≥ 1; default (2, 2, 2, 2)).</param>
    /// <param name="inChannels">Input channels (default 1: a mask).</param>
    /// <param name="outChannels">Output channels (default 1: one logit per voxel).</param>
    public SkipAutoencoderOptions(IReadOnlyList<int>? encoderChannels = null, int middleChannels = 4, IReadOnlyList<int>? dilations = null, int inChannels = 1, int outChannels = 1)
    {
        EncoderChannels = (encoderChannels ?? [8, 8, 8]).ToArray();
        Dilations = (dilations ?? [2, 2, 2, 2]).ToArray();
        if (EncoderChannels.Count != 3 || EncoderChannels.Any(c => c < 1))
            throw new ArgumentException($"Encoder channels must be three counts ≥ 1; got ({string.Join(", ", EncoderChannels)}).", nameof(encoderChannels));
        if (Dilations.Count != 4 || Dilations.Any(d => d < 1))
            throw new ArgumentException($"Dilations must be four rates ≥ 1; got ({string.Join(", ", Dilations)}).", nameof(dilations));
        if (middleChannels < 1) throw new ArgumentOutOfRangeException(nameof(middleChannels), $"Middle channels must be at least 1; got {middleChannels}.");
        if (inChannels < 1) throw new ArgumentOutOfRangeException(nameof(inChannels), $"Input channels must be at least 1; got {inChannels}.");
        if (outChannels < 1) throw new ArgumentOutOfRangeException(nameof(outChannels), $"Output channels must be at least 1; got {outChannels}.");
        (MiddleChannels, InChannels, OutChannels) = (middleChannels, inChannels, outChannels);
    }

    /// <summary>Channels of the encoder levels 1–3.</summary>
    public IReadOnlyList<int> EncoderChannels { get; }

    /// <summary>Channels of each middle layer.</summary>
    public int MiddleChannels { get; }

    /// <summary>Dilation rates of the four middle layers.</summary>
    public IReadOnlyList<int> Dilations { get; }

    /// <summary>Input channels.</summary>
    public int InChannels { get; }

    /// <summary>Output channels.</summary>
    public int OutChannels { get; }

    /// <summary>The options as checkpoint metadata (keys "architecture", "encoder_channels", "middle_channels", "dilations", "in_channels", "out_channels").</summary>
    public Dictionary<string, string> ToMetadata() => new(StringComparer.Ordinal)
    {
        ["architecture"] = nameof(SkipAutoencoder3d),
        ["encoder_channels"] = string.Join(",", EncoderChannels),
        ["middle_channels"] = MiddleChannels.ToString(CultureInfo.InvariantCulture),
        ["dilations"] = string.Join(",", Dilations),
        ["in_channels"] = InChannels.ToString(CultureInfo.InvariantCulture),
        ["out_channels"] = OutChannels.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>Options from checkpoint metadata written by <see cref="ToMetadata"/>.</summary>
    /// <exception cref="ArgumentException">A key is missing or not a (list of) integer(s), or the metadata describes another architecture.</exception>
    public static SkipAutoencoderOptions FromMetadata(IReadOnlyDictionary<string, string> metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        string architecture = CheckpointMetadata.Text(metadata, "architecture");
        if (architecture != nameof(SkipAutoencoder3d))
            throw new ArgumentException($"Checkpoint architecture is '{architecture}'; expected '{nameof(SkipAutoencoder3d)}'.", nameof(metadata));
        return new SkipAutoencoderOptions(CheckpointMetadata.Counts(metadata, "encoder_channels"), CheckpointMetadata.Integer(metadata, "middle_channels"),
            CheckpointMetadata.Counts(metadata, "dilations"), CheckpointMetadata.Integer(metadata, "in_channels"), CheckpointMetadata.Integer(metadata, "out_channels"));
    }

    /// <summary>Comma-separated integers as written by <see cref="ToMetadata"/> ("8,8,8"), e.g. channel counts or dilations.</summary>
    /// <exception cref="FormatException">An item is not an integer.</exception>
    /// <exception cref="OverflowException">An item is outside the range of <see cref="int"/>.</exception>
    public static int[] ParseCounts(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
    }
}
