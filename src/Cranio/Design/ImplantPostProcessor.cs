using Cranio.Filters;
using Cranio.Volumes;

namespace Cranio.Design;

/// <summary>
/// Prepares a designed implant for printing, in this order: voxels of the skull are removed; an optional
/// clinical gap to the skull is cut (<see cref="ImplantPostProcessingOptions.ClinicalGapMm"/>); an optional
/// opening smooths spikes and thin parts (<see cref="ImplantPostProcessingOptions.OpeningRadiusMm"/>); islands
/// below the volume threshold are dropped. The result is on the implant's grid; every step only removes voxels.
/// </summary>
public sealed class ImplantPostProcessor
{
    /// <summary>Creates a post-processor with <paramref name="options"/> (defaults when null).</summary>
    public ImplantPostProcessor(ImplantPostProcessingOptions? options = null)
    {
        Options = options ?? new ImplantPostProcessingOptions();
    }

    /// <summary>The settings.</summary>
    public ImplantPostProcessingOptions Options { get; }

    /// <summary>
    /// Post-processes a designer's result; the report is kept, with the implant volume of the processed implant.
    /// </summary>
    public DesignResult Process(DesignResult design, Volume<byte> defectiveSkull)
    {
        ArgumentNullException.ThrowIfNull(design);
        Volume<byte> implant = Process(design.Implant, defectiveSkull);
        return new DesignResult(implant, design.Report with { ImplantVolumeCm3 = implant.CountNonZero() * implant.Grid.VoxelVolume / 1000.0 });
    }

    /// <summary>Post-processes <paramref name="implant"/> against the defective skull it was designed for.</summary>
    /// <param name="implant">Implant mask (0/1).</param>
    /// <param name="defectiveSkull">The defective skull mask (0/1) on the same grid.</param>
    /// <returns>A new mask on the same grid.</returns>
    /// <exception cref="GridMismatchException">The grids differ; the message names the field.</exception>
    public Volume<byte> Process(Volume<byte> implant, Volume<byte> defectiveSkull)
    {
        ArgumentNullException.ThrowIfNull(implant);
        ArgumentNullException.ThrowIfNull(defectiveSkull);
        implant.Grid.EnsureSameAs(defectiveSkull.Grid, "implant", "defective skull");
        var result = implant.SameGrid<byte>();
        byte[] source = implant.Data, skull = defectiveSkull.Data, target = result.Data;
        for (long i = 0; i < target.LongLength; i++) target[i] = (byte)(source[i] != 0 && skull[i] == 0 ? 1 : 0);
        if (Options.ClinicalGapMm > 0) result = ClinicalGap.Apply(result, defectiveSkull, Options.ClinicalGapMm);
        if (Options.OpeningRadiusMm > 0) result = Morphology.Open(result, Options.OpeningRadiusMm);
        if (Options.MinimumIslandVolumeMm3 > 0) result = ConnectedComponents.RemoveSmallerThan(result, Options.MinimumIslandVolumeMm3);
        result.Metadata.Clear();
        result.CopyMetadataFrom(implant);
        return result;
    }
}
