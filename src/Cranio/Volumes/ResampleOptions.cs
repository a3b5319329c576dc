namespace Cranio.Volumes;

/// <summary>
/// Settings of <see cref="Resampler"/>: the interpolation and the value given to target voxels whose centre
/// falls outside the source volume.
/// </summary>
public sealed record ResampleOptions
{
    /// <summary>Hounsfield value of air, −1024 HU: the natural outside value for CT.</summary>
    public const double AirHounsfield = -1024;

    /// <summary>Creates validated options.</summary>
    /// <param name="interpolation">Nearest or trilinear.</param>
    /// <param name="outsideValue">Value of target voxels outside the source (finite; saturated to the voxel type). Default 0.</param>
    /// <exception cref="ArgumentException">The interpolation is not a defined value or the outside value is not finite.</exception>
    public ResampleOptions(Interpolation interpolation, double outsideValue = 0)
    {
        if (!Enum.IsDefined(interpolation))
            throw new ArgumentException($"Interpolation must be Nearest or Trilinear; got {(int)interpolation}.", nameof(interpolation));
        if (!double.IsFinite(outsideValue))
            throw new ArgumentException($"Outside value must be finite; got {outsideValue}.", nameof(outsideValue));
        Interpolation = interpolation;
        OutsideValue = outsideValue;
    }

    /// <summary>Nearest neighbour, outside = 0: for masks and label images.</summary>
    public static ResampleOptions Mask { get; } = new(Interpolation.Nearest, 0);

    /// <summary>Trilinear, outside = <see cref="AirHounsfield"/> (−1024 HU): for CT.</summary>
    public static ResampleOptions Ct { get; } = new(Interpolation.Trilinear, AirHounsfield);

    /// <summary>The interpolation.</summary>
    public Interpolation Interpolation { get; }

    /// <summary>Value of target voxels whose centre lies outside the source volume's voxel box.</summary>
    public double OutsideValue { get; }
}
