using System.Diagnostics;
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

        var timings = new List<StageTiming>();
        var clock = Stopwatch.StartNew();
        void Stage(string name, double fraction)
        {
            cancellationToken.ThrowIfCancellationRequested();
            progress?.Report(new PipelineProgress(name, fraction));
        }
        void Done(string name)
        {
            timings.Add(new StageTiming(name, clock.Elapsed));
            clock.Restart();
        }

        Stage("reading the input", 0);
        Volume volume = VolumeFile.Read(input, Options.DicomSeries);
        bool isCt = Options.InputKind switch
        {
            InputKind.Ct => true,
            InputKind.Mask => false,
            _ => LooksLikeCt(volume),
        };
        Done("reading");

        string? ctPath = null;
        SkullExtractionReport? extraction = null;
        Volume<byte> skull;
        if (isCt)
        {
            Stage("extracting the skull", 0.1);
            (skull, extraction) = new SkullExtractor(Options.Extraction).Extract(volume);
            Done("skull extraction");
            ctPath = Out("ct.nrrd");
            VolumeFile.Write(volume, ctPath);
        }
        else
        {
            skull = volume.ToMask();
        }
        volume = null!;
        VolumeFile.Write(skull, Out("skull.nrrd"));
        Done("writing the skull");

        Stage("designing the implant", 0.25);
        DesignResult design = designer.Design(skull, cancellationToken);
        Done("design");
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
            implantMesh.TriangleCount > 0 && implantMesh.CheckTopology().IsClosedManifold, timings);
        PipelineReport.Write(result, input, skull, design.Implant);
        Done("report");
        progress?.Report(new PipelineProgress("done", 1));
        return result;
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
