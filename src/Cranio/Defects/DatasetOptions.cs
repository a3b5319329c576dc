namespace Cranio.Defects;

/// <summary>Parameters of <see cref="DatasetBuilder"/>; immutable and validated on construction.</summary>
public sealed record DatasetOptions
{
    /// <summary>Creates the options.</summary>
    /// <param name="inputFolder">Folder of complete skull masks (*.nrrd, *.nhdr, *.nii, *.nii.gz; voxels ≥ 1 are bone).</param>
    /// <param name="outputFolder">Folder that receives complete_skull/, defective_skull/, implant/, records/ and manifest.csv.</param>
    /// <param name="defectsPerSkull">Defects per complete skull (1…1000; default 10, as Li et al. 2021).</param>
    /// <param name="seed">Dataset seed; defect i of skull s uses <see cref="Xoshiro256.DeriveSeed"/>(seed, s, i).</param>
    /// <param name="defects">Defect options (default <see cref="DefectOptions.Default"/>).</param>
    /// <param name="maxParallelCases">Skulls processed at once (≥ 1; default 2). Each case also uses all cores inside.</param>
    public DatasetOptions(string inputFolder, string outputFolder, int defectsPerSkull = 10, ulong seed = 0, DefectOptions? defects = null, int maxParallelCases = 2)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(inputFolder);
        ArgumentException.ThrowIfNullOrWhiteSpace(outputFolder);
        if (defectsPerSkull is < 1 or > 1000)
            throw new ArgumentOutOfRangeException(nameof(defectsPerSkull), defectsPerSkull, $"Defects per skull must be 1…1000; got {defectsPerSkull}.");
        if (maxParallelCases < 1)
            throw new ArgumentOutOfRangeException(nameof(maxParallelCases), maxParallelCases, $"Parallel cases must be at least 1; got {maxParallelCases}.");
        InputFolder = inputFolder;
        OutputFolder = outputFolder;
        DefectsPerSkull = defectsPerSkull;
        Seed = seed;
        Defects = defects ?? DefectOptions.Default;
        MaxParallelCases = maxParallelCases;
    }

    /// <summary>Folder of complete skulls.</summary>
    public string InputFolder { get; }

    /// <summary>Output folder.</summary>
    public string OutputFolder { get; }

    /// <summary>Defects per skull.</summary>
    public int DefectsPerSkull { get; }

    /// <summary>Dataset seed.</summary>
    public ulong Seed { get; }

    /// <summary>Defect options.</summary>
    public DefectOptions Defects { get; }

    /// <summary>Skulls processed at once.</summary>
    public int MaxParallelCases { get; }
}
