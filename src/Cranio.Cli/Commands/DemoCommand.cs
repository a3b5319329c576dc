using System.CommandLine;
using System.Globalization;
using Cranio.Evaluation;
using Cranio.IO;
using Cranio.Phantoms;
using Cranio.Pipeline;
using Cranio.Volumes;

namespace Cranio.Cli.Commands;

/// <summary>
/// <c>cranio demo</c>: runs the whole pipeline on a built-in case — a procedural head phantom rendered as CT with
/// a skull defect on an oblique (tilted-gantry) grid — and says where the results are. The phantom stands in for
/// a patient's CT because real CT may not be shipped with the program.
/// </summary>
public static class DemoCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliContext context)
    {
        var output = new Option<string>("--output", "-o") { Description = "Folder for the results.", DefaultValueFactory = _ => "cranio-demo" };
        var spacing = new Option<double>("--spacing") { Description = "Voxel spacing of the phantom CT in mm.", DefaultValueFactory = _ => 0.8 };
        var method = MethodOption.Create();
        var command = new Command("demo", "Run the whole pipeline on a built-in head phantom CT (no data needed) and report where the results are.") { output, spacing, method };
        command.SetAction(parse => context.Run(parse, () =>
        {
            string folder = Path.GetFullPath(parse.GetRequiredValue(output));
            string inputs = Path.Combine(folder, "phantom");
            Directory.CreateDirectory(inputs);
            MethodOption.Designer(parse.GetRequiredValue(method));
            var options = new SkullPhantomOptions(Spacing: parse.GetValue(spacing), TiltDegrees: 12, DefectRadius: 30);
            var (ct, defective) = context.WithProgress("Rendering the head phantom CT", _ => SkullPhantom.Ct(options));
            Volume<byte> complete = SkullPhantom.Mask(options with { DefectRadius = 0 });
            var truth = complete.SameGrid<byte>();
            for (int i = 0; i < truth.Data.Length; i++) truth.Data[i] = (byte)(complete.Data[i] & (1 - defective.Data[i]));
            string ctPath = Path.Combine(inputs, "ct.nrrd");
            context.WithProgress("Writing the phantom", _ =>
            {
                VolumeFile.Write(ct, ctPath);
                VolumeFile.Write(truth, Path.Combine(inputs, "true_implant.nrrd"));
                return 0;
            });

            var pipelineOptions = new PipelineOptions { Method = parse.GetRequiredValue(method) };
            PipelineResult result = context.WithProgress("Running the pipeline: skull extraction → design → meshing → report", p =>
                new CasePipeline(pipelineOptions).Run(ctPath, folder, new RunCommand.Progress(p)));
            if (context.Quiet) return 0;

            Grid g = ct.Grid;
            context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Phantom CT: {g.SizeX}×{g.SizeY}×{g.SizeZ} voxels of {options.Spacing} mm on a 12° tilted grid, with a spherical defect of radius {options.DefectRadius} mm (true implant {truth.CountNonZero() * g.VoxelVolume / 1000:0.00} cm³)."));
            RunCommand.Summarise(context, result);
            var implant = VolumeFile.Read(result.ImplantMaskPath).ToMask();
            CaseMetrics score = CaseEvaluator.Evaluate("demo", implant, truth, defective);
            context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Against the implant the phantom lost: DSC {score.Overlap.Dice:0.000}, boundary DSC {score.BoundaryDice:0.000}, HD95 {score.Hausdorff95:0.00} mm, HD {score.Hausdorff:0.00} mm."));
            context.Output.WriteLine($"  phantom/ct.nrrd, phantom/true_implant.nrrd (the input and the implant the phantom lost)");
            context.Output.WriteLine($"Open {result.ReportHtmlPath} in a browser; load ct.nrrd with skull.stl and implant.stl in 3D Slicer to see them overlay.");
            return 0;
        }));
        return command;
    }
}
