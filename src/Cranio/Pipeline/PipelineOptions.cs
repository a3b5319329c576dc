using Cranio.Design;
using Cranio.Meshing;
using Cranio.Segmentation;

namespace Cranio.Pipeline;

/// <summary>Settings of <see cref="CasePipeline"/>; every part has the default of the stage it configures.</summary>
public sealed record PipelineOptions
{
    /// <summary>The design method, one of <see cref="ImplantDesigners.Names"/> (default <see cref="ImplantDesigners.Default"/>).</summary>
    public string Method { get; init; } = ImplantDesigners.Default;

    /// <summary>What the input is (default: decided from its voxels).</summary>
    public InputKind InputKind { get; init; } = InputKind.Auto;

    /// <summary>For a DICOM folder with several series: the Series Instance UID to read.</summary>
    public string? DicomSeries { get; init; }

    /// <summary>Skull extraction settings for CT input (default HU ≥ 150, largest component).</summary>
    public SkullExtractionOptions Extraction { get; init; } = SkullExtractionOptions.Default;

    /// <summary>Preparation of the implant for printing (default: islands below 100 mm³ removed, no opening, no gap).</summary>
    public ImplantPostProcessingOptions PostProcessing { get; init; } = new();

    /// <summary>Meshing of the skull and the implant (default 10 Taubin iterations, no decimation).</summary>
    public MaskSurfaceOptions Surface { get; init; } = MaskSurfaceOptions.Default;
}
