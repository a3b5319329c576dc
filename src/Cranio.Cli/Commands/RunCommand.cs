using System.CommandLine;
using System.Globalization;
using Cranio.Pipeline;

namespace Cranio.Cli.Commands;

/// <summary><c>cranio run INPUT -o OUTDIR</c>: CT or skull mask in; skull, implant, meshes and report out.</summary>
public static class RunCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliContext context)
    {
        var input = new Argument<string>("input") { Description = "A head CT (DICOM folder, NRRD, NIfTI) or a skull mask." };
        var output = new Option<string>("--output", "-o") { Description = "Folder for the results.", Required = true };
        var method = MethodOption.Create();
        var kind = new Option<InputKind>("--input-kind") { Description = "auto (default): a 0/1 volume is a mask, anything else a CT; or ct, mask.", DefaultValueFactory = _ => InputKind.Auto };
        var series = DicomSeriesOption.Create();
        var gap = MethodOption.GapOption();
        var opening = MethodOption.OpeningOption();
        var command = new Command("run", "The whole pipeline: extract the skull from a CT, design the implant, prepare it for printing, mesh both, write a report.")
        {
            input, output, method, kind, series, gap, opening,
        };
        command.SetAction(parse => context.Run(parse, () =>
        {
            string from = parse.GetRequiredValue(input), to = parse.GetRequiredValue(output);
            MethodOption.Designer(parse.GetRequiredValue(method));
            var options = new PipelineOptions
            {
                Method = parse.GetRequiredValue(method),
                InputKind = parse.GetValue(kind),
                DicomSeries = parse.GetValue(series),
                PostProcessing = MethodOption.PostProcessing(parse, gap, opening),
            };
            PipelineResult result = context.WithProgress("Running the pipeline", p =>
                new CasePipeline(options).Run(from, to, new Progress(p)));
            if (!context.Quiet) Summarise(context, result);
            return 0;
        }));
        return command;
    }

    /// <summary>Prints what a run found and wrote.</summary>
    public static void Summarise(CliContext context, PipelineResult r)
    {
        var w = context.Output;
        if (r.Extraction is { } x)
            w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Skull: {string.Join(" → ", x.Steps)}; {x.SkullVolumeCm3:0.0} cm³, {x.ComponentsDropped} components dropped."));
        w.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Design ({r.Design.Designer}): {r.Design.Defects.Count} defect(s), opening {r.Design.TotalOpeningAreaCm2:0.00} cm², implant {r.Design.ImplantVolumeCm3:0.00} cm³ ({(r.ImplantMeshClosed ? "closed mesh" : "mesh NOT closed")}, {r.ImplantMeshTriangles:N0} triangles)."));
        foreach (var d in r.Design.Defects)
            w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  defect {d.Index + 1}: {d.OpeningAreaCm2:0.00} cm² at ({d.Centre.X:0.0}, {d.Centre.Y:0.0}, {d.Centre.Z:0.0}) mm LPS"));
        foreach (string warning in r.Design.Warnings) w.WriteLine($"Warning: {warning}");
        w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Total {r.Timings.Sum(t => t.Elapsed.TotalSeconds):0.0} s. Wrote to {r.OutputDirectory}:"));
        foreach (string? f in new[] { r.CtPath, r.SkullMaskPath, r.SkullStlPath, r.ImplantMaskPath, r.ImplantStlPath, r.ReportJsonPath, r.ReportHtmlPath })
            if (f is not null) w.WriteLine($"  {Path.GetFileName(f)}");
    }

    /// <summary>Feeds a pipeline's overall fraction to a progress bar.</summary>
    internal sealed class Progress(IProgress<double> inner) : IProgress<PipelineProgress>
    {
        public void Report(PipelineProgress value) => inner.Report(value.Fraction);
    }
}
