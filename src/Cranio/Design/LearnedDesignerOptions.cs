namespace Cranio.Design;

/// <summary>Settings of the <see cref="LearnedDesigner"/>. Validated on construction.</summary>
public sealed record LearnedDesignerOptions
{
    /// <summary>The shipped weights' file name, next to the Cranio.Core assembly under <c>Weights/</c>.</summary>
    public const string ShippedWeightsFileName = "learned-patch.safetensors";

    /// <summary>Creates validated options.</summary>
    /// <param name="weightsPath">A checkpoint written by the patch trainer; null = the shipped weights (<see cref="ShippedWeightsPath"/>).</param>
    /// <param name="threshold">Probability at or above which a voxel belongs to the implant (in (0, 1); default 0.5).</param>
    /// <param name="prior">Settings of the spherical-map designer that gives the shape prior; null = its defaults.</param>
    public LearnedDesignerOptions(string? weightsPath = null, double threshold = 0.5, SphericalMapOptions? prior = null)
    {
        if (!(threshold > 0 && threshold < 1))
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold, $"Threshold must be a probability strictly between 0 and 1; got {threshold}.");
        (WeightsPath, Threshold, Prior) = (weightsPath ?? ShippedWeightsPath, threshold, prior ?? new SphericalMapOptions());
    }

    /// <summary>Default options: shipped weights, threshold 0.5, default spherical-map prior.</summary>
    public static LearnedDesignerOptions Default { get; } = new();

    /// <summary>Where the shipped weights are: <c>Weights/learned-patch.safetensors</c> beside the Cranio.Core assembly.</summary>
    public static string ShippedWeightsPath => Path.Combine(AppContext.BaseDirectory, "Weights", ShippedWeightsFileName);

    /// <summary>The checkpoint file.</summary>
    public string WeightsPath { get; }

    /// <summary>Probability threshold of the implant mask.</summary>
    public double Threshold { get; }

    /// <summary>Settings of the spherical-map prior.</summary>
    public SphericalMapOptions Prior { get; }
}
