using Cranio.Filters;
using Cranio.Volumes;

namespace Cranio.Design;

/// <summary>
/// Designs the implant with the coarse network alone (<see cref="CoarseSkullModel"/>): it predicts the complete
/// skull (Wu et al. 2022, completion then subtraction) or the implant, by the target it was trained on, on a working
/// grid of about 1.7 mm around the whole defective skull; its probabilities come back onto the input grid
/// trilinearly, and the implant is {p ≥ <see cref="Threshold"/>} minus the defective skull, opened with a ball of
/// <see cref="OpeningMm"/> (which removes the thin rind where a completion runs a fraction of a working voxel past
/// the skull's own surface) and without connected components (26-connected) below <see cref="MinComponentMm3"/>. A
/// learning baseline: it needs no shape prior and finds the defect by itself, but its surfaces are those of a 1.7 mm
/// grid, so it scores below the spherical-map and learned designers (docs/RESULTS.md).
/// </summary>
public sealed class CoarseDesigner : IImplantDesigner
{
    /// <summary>The shipped weights' file name, next to the Cranio.Core assembly under <c>Weights/</c>.</summary>
    public const string ShippedWeightsFileName = "coarse-skull.safetensors";

    /// <summary>Loads the network.</summary>
    /// <param name="weightsPath">A checkpoint written by <c>cranio train --model coarse</c>; null = the shipped weights (<see cref="ShippedWeightsPath"/>).</param>
    /// <param name="threshold">Probability of the complete skull at or above which a voxel is bone (in (0, 1); default 0.5).</param>
    /// <param name="openingMm">Radius (mm) of the opening applied to the implant (≥ 0; default 1.5; 0 = none).</param>
    /// <param name="minComponentMm3">Implant components smaller than this many mm³ are dropped (≥ 0; default 1000).</param>
    /// <exception cref="FileNotFoundException">The weights are missing.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    public CoarseDesigner(string? weightsPath = null, double threshold = 0.5, double openingMm = 1.5, double minComponentMm3 = 1000)
    {
        if (!(threshold > 0 && threshold < 1)) throw new ArgumentOutOfRangeException(nameof(threshold), threshold, $"The threshold must be strictly between 0 and 1; got {threshold}.");
        if (!(openingMm >= 0 && double.IsFinite(openingMm))) throw new ArgumentOutOfRangeException(nameof(openingMm), openingMm, $"The opening radius must be a finite number of mm ≥ 0; got {openingMm}.");
        if (!(minComponentMm3 >= 0 && double.IsFinite(minComponentMm3))) throw new ArgumentOutOfRangeException(nameof(minComponentMm3), minComponentMm3, $"The smallest component must be a finite number of mm³ ≥ 0; got {minComponentMm3}.");
        (Threshold, OpeningMm, MinComponentMm3) = (threshold, openingMm, minComponentMm3);
        Model = CoarseSkullModel.Load(weightsPath ?? ShippedWeightsPath).Model;
    }

    /// <summary>Where the shipped weights are: <c>Weights/coarse-skull.safetensors</c> beside the Cranio.Core assembly.</summary>
    public static string ShippedWeightsPath => Path.Combine(AppContext.BaseDirectory, "Weights", ShippedWeightsFileName);

    /// <summary>The network.</summary>
    public CoarseSkullModel Model { get; }

    /// <summary>Probability threshold of the completed skull.</summary>
    public double Threshold { get; }

    /// <summary>Radius of the implant's opening in mm.</summary>
    public double OpeningMm { get; }

    /// <summary>Smallest implant component kept, in mm³.</summary>
    public double MinComponentMm3 { get; }

    /// <inheritdoc />
    public string Name => "coarse";

    /// <inheritdoc />
    public DesignResult Design(Volume<byte> defectiveSkull, CancellationToken cancellationToken = default)
    {
        SkullMaskValidation.Validate(defectiveSkull);
        var clock = new StageClock(cancellationToken);
        PatchWindow window = Model.Locate(defectiveSkull)!;
        Volume<float> probabilities = Model.Probabilities(window, defectiveSkull);
        clock.Lap("coarse network");
        var crop = new Volume<byte>(window.CropGrid);
        Volume<byte> skull = Cropping.Crop(defectiveSkull, window.Box);
        float threshold = (float)Threshold;
        for (long i = 0; i < crop.Data.LongLength; i++)
            crop.Data[i] = (byte)(probabilities.Data[i] >= threshold && skull.Data[i] == 0 ? 1 : 0);
        if (OpeningMm > 0) crop = Morphology.Open(crop, OpeningMm);
        crop = ConnectedComponents.RemoveSmallerThan(crop, MinComponentMm3);
        Volume<byte> implant = Cropping.Pad(crop, defectiveSkull.Grid);
        clock.Lap("subtraction and clean-up");
        double volume = implant.CountNonZero() * defectiveSkull.Grid.VoxelVolume / 1000;
        var warnings = new List<string>();
        if (volume == 0) warnings.Add("The coarse network adds no bone to the defective skull: no defect found.");
        return new DesignResult(implant, new DesignReport(Name, [], volume, null, warnings, clock.Timings));
    }
}
