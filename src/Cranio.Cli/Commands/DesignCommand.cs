using System.CommandLine;
using System.Globalization;
using Cranio.Design;
using Cranio.IO;
using Cranio.Meshing;
using Cranio.Volumes;

namespace Cranio.Cli.Commands;

/// <summary><c>cranio design DEFECTIVE -o implant.nrrd</c>: an implant for a defective skull mask.</summary>
public static class DesignCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliContext context)
    {
        var input = new Argument<string>("defective") { Description = "The defective skull mask (NRRD or NIfTI; non-zero = bone)." };
        var output = new Option<string>("--output", "-o") { Description = "The implant mask to write (.nrrd, .nhdr, .nii, .nii.gz), on the input's grid.", Required = true };
        var stl = new Option<string?>("--stl") { Description = "Also write the implant surface as STL (LPS mm)." };
        var method = MethodOption.Create();
        var gap = MethodOption.GapOption();
        var opening = MethodOption.OpeningOption();
        var command = new Command("design", "Design an implant for a defective skull mask and prepare it for printing.") { input, output, stl, method, gap, opening };
        command.SetAction(parse => context.Run(parse, () =>
        {
            string from = parse.GetRequiredValue(input), to = parse.GetRequiredValue(output);
            string? stlPath = parse.GetValue(stl);
            CliPaths.EnsureWritableVolume(to);
            CliPaths.EnsureNotAnInput(to, from);
            if (stlPath is not null) CliPaths.EnsureNotAnInput(stlPath, from, to);
            IImplantDesigner designer = MethodOption.Designer(parse.GetRequiredValue(method));
            var postProcessor = new ImplantPostProcessor(MethodOption.PostProcessing(parse, gap, opening));
            Volume<byte> skull = context.WithProgress("Reading the skull", _ => VolumeFile.Read(from).ToMask());
            DesignResult designed = context.WithProgress($"Designing ({designer.Name})", _ => designer.Design(skull));
            DesignResult result = postProcessor.Process(designed, skull);
            VolumeFile.Write(result.Implant, to);
            string? meshSummary = MeshCommand.WriteOptionalStl(context, result.Implant, stlPath, "implant");
            if (context.Quiet) return 0;
            DesignReport r = result.Report;
            context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{r.Designer}: {r.Defects.Count} defect(s), opening {r.TotalOpeningAreaCm2:0.00} cm², implant {r.ImplantVolumeCm3:0.00} cm³, {r.TotalTime.TotalSeconds:0.0} s."));
            foreach (string warning in r.Warnings) context.Output.WriteLine($"Warning: {warning}");
            context.Output.WriteLine($"Wrote {to}");
            if (meshSummary is not null) context.Output.WriteLine(meshSummary);
            return 0;
        }));
        return command;
    }
}
