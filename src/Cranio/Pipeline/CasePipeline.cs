using Cranio.Design;
using Cranio.IO;
using Cranio.Meshing;
using Cranio.Segmentation;
using Cranio.Volumes;

namespace Cranio.Pipeline;

/// <summary>
/// The whole job for one patient: read a CT (DICOM folder, NRRD, NIfTI) or a skull mask, extract the skull from
/// a CT, design the implant, mesh skull and implant in the CT's physical coordinates, and write a report. The
/// CLI's <c>cranio run</c> and the web app both run it; it holds no algorithm of its own.
/// </summary>
/// <remarks>
/// Outputs in the output folder: <c>ct.nrrd</c> (CT input only), <c>skull.nrrd</c>, <c>skull.stl</c>,
/// <c>implant.nrrd</c>, <c>implant.stl</c>, <c>report.json</c>, <c>report.html</c>. Every file is written
/// atomically; an input is never overwritten.
/// </remarks>
public sealed class CasePipeline(PipelineOptions options)
{
    /// <summary>The settings.</summary>
    public PipelineOptions Options { get; } = options ?? throw new ArgumentNullException(nameof(options));

    /// <summary>Runs the pipeline on <paramref name="input"/>, writing into <paramref name="outputDirectory"/>.</summary>
    /// <exception cref="CranioFormatException">The input cannot be read.</exception>
    /// <exception cref="ArgumentException">The method is unknown, the input is an empty mask, or an output would overwrite the input.</exception>
    public PipelineResult Run(string input, string outputDirectory, IProgress<PipelineProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        IImplantDesigner designer = ImplantDesigners.Create(Options.Method);
        string folder = Path.GetFullPath(outputDirectory);
        Directory.CreateDirectory(folder);
        string Out(string name) => Path.Combine(folder, name);
        string fullInput = Path.GetFullPath(input).TrimEnd(Path.DirectorySeparatorChar);
        foreach (string name in OutputNames)
            if (string.Equals(Out(name), fullInput, StringComparison.Ordinal))
                throw new ArgumentException($"The output {Out(name)} would overwrite the input; choose another output folder.", nameof(outputDirectory));

        var clock = new StageClock(cancellationToken);
        void Stage(string name, double fraction)
        {
            cancellationToken.ThrowIfCancellationRequested();
            progress?.Report(new PipelineProgress(name, fraction));
        }
        void Done(string name) => clock.Lap(name);

        Stage("reading the input", 0);
        var (skull, extraction, ctPath) = LoadSkull(input, Out("ct.nrrd"), () => { Done("reading"); Stage("extracting the skull", 0.1); });
        Done(extraction is null ? "reading" : "skull extraction");
        VolumeFile.Write(skull, Out("skull.nrrd"));
        Done("writing the skull");

        Stage("designing the implant", 0.25);
        DesignResult designed = designer.Design(skull, cancellationToken);
        Done("design");
        Stage("preparing the implant for printing", 0.65);
        DesignResult design = new ImplantPostProcessor(Options.PostProcessing).Process(designed, skull);
        Done("post-processing");
        VolumeFile.Write(design.Implant, Out("implant.nrrd"));

        Stage("meshing", 0.75);
        TriangleMesh skullMesh = MaskSurface.Create(skull, Options.Surface);
        StlWriter.Write(Out("skull.stl"), skullMesh);
        TriangleMesh implantMesh = MaskSurface.Create(design.Implant, Options.Surface);
        StlWriter.Write(Out("implant.stl"), implantMesh);
        Done("meshing");

        Stage("writing the report", 0.95);
        var result = new PipelineResult(folder, ctPath, Out("skull.nrrd"), Out("skull.stl"), Out("implant.nrrd"), Out("implant.stl"),
            Out("report.json"), Out("report.html"), extraction, design.Report, skullMesh.TriangleCount, implantMesh.TriangleCount,
            implantMesh.TriangleCount > 0 && implantMesh.CheckTopology().IsClosedManifold, clock.Timings);
        PipelineReport.Write(result, input, skull, design.Implant);
        Done("report");
        progress?.Report(new PipelineProgress("done", 1));
        return result;
    }

    /// <summary>
    /// Reads the input and returns the skull mask: the input itself when it is a mask, else the skull extracted
    /// from the CT, which is also written to <paramref name="ctPath"/> for viewers. The CT is not kept in memory
    /// beyond this call.
    /// </summary>
    private (Volume<byte> Skull, SkullExtractionReport? Extraction, string? CtPath) LoadSkull(string input, string ctPath, Action extracting)
    {
        Volume volume = VolumeFile.Read(input, Options.DicomSeries);
        bool isCt = Options.InputKind switch
        {
            InputKind.Ct => true,
            InputKind.Mask => false,
            _ => LooksLikeCt(volume),
        };
        if (!isCt) return (volume.ToMask(), null, null);
        extracting();
        var (skull, extraction) = new SkullExtractor(Options.Extraction).Extract(volume);
        VolumeFile.Write(volume, ctPath);
        return (skull, extraction, ctPath);
    }

    /// <summary>Names of the files a run writes into its output folder.</summary>
    public static IReadOnlyList<string> OutputNames { get; } =
        ["ct.nrrd", "skull.nrrd", "skull.stl", "implant.nrrd", "implant.stl", "report.json", "report.html"];

    /// <summary>
    /// True unless the volume is a mask: an integer volume whose values all lie in {0, 1} is a skull mask;
    /// anything else (HU values, floats) is taken for a CT.
    /// </summary>
    public static bool LooksLikeCt(Volume volume)
    {
        if (volume.VoxelType.IsFloatingPoint()) return true;
        var (min, max) = volume.ValueRange();
        return !(min >= 0 && max <= 1);
    }
}
