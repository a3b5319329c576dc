using System.CommandLine;
using System.Globalization;
using Cranio.IO;
using Cranio.Meshing;
using Cranio.Segmentation;
using Cranio.Volumes;

namespace Cranio.Cli.Commands;

/// <summary><c>cranio segment CT -o skull.nrrd</c>: skull extraction from a head CT in HU.</summary>
public static class SegmentCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliContext context)
    {
        var input = new Argument<string>("ct") { Description = "The CT in HU: a DICOM folder, NRRD or NIfTI file." };
        var output = new Option<string>("--output", "-o") { Description = "The skull mask to write (.nrrd, .nhdr, .nii, .nii.gz).", Required = true };
        var threshold = new Option<double>("--threshold") { Description = "Smallest HU counted as bone.", DefaultValueFactory = _ => 150 };
        var upper = new Option<double?>("--upper") { Description = "Largest HU counted as bone (none by default)." };
        var smooth = new Option<double>("--smooth-mm") { Description = "Majority (median) smoothing radius in mm; 0 = off (the papers use 2).", DefaultValueFactory = _ => 0 };
        var holes = new Option<double>("--fill-holes-mm2") { Description = "Fill perforations of thin bone up to this area in mm²; 0 = off. A craniotomy stays open.", DefaultValueFactory = _ => 0 };
        var cavities = new Option<bool>("--fill-cavities") { Description = "Fill background cavities enclosed in bone." };
        var allComponents = new Option<bool>("--all-components") { Description = "Keep every component instead of the largest (keeps the head-rest and specks)." };
        var stl = new Option<string?>("--stl") { Description = "Also write the skull surface as STL (LPS mm)." };
        Option<string?> series = DicomSeriesOption.Create();
        var command = new Command("segment", "Extract the skull from a head CT: threshold, largest 26-connected component, optional smoothing and hole filling.")
        {
            input, output, threshold, upper, smooth, holes, cavities, allComponents, stl, series,
        };
        command.SetAction(parse => context.Run(parse, () =>
        {
            string from = parse.GetRequiredValue(input), to = parse.GetRequiredValue(output);
            string? stlPath = parse.GetValue(stl);
            CliPaths.EnsureWritableVolume(to);
            CliPaths.EnsureNotAnInput(to, from);
            if (stlPath is not null) CliPaths.EnsureNotAnInput(stlPath, from, to);
            SkullExtractionOptions options;
            try
            {
                options = new SkullExtractionOptions(parse.GetValue(threshold), parse.GetValue(upper) ?? double.PositiveInfinity,
                    !parse.GetValue(allComponents), 26, parse.GetValue(smooth), parse.GetValue(cavities), parse.GetValue(holes));
            }
            catch (ArgumentException e)
            {
                throw new UsageException(e.Message.Split(" (Parameter")[0]);
            }
            Volume ct = context.WithProgress("Reading CT", _ => DicomSeriesOption.Read(parse, series, from));
            var (mask, report) = context.WithProgress("Extracting the skull", p => new SkullExtractor(options).Extract(ct, p));
            context.WithProgress("Writing the mask", _ => { VolumeFile.Write(mask, to); return 0; });
            string? meshSummary = MeshCommand.WriteOptionalStl(context, mask, stlPath, "skull");
            if (context.Quiet) return 0;
            var w = context.Output;
            w.WriteLine(string.Join(" → ", report.Steps));
            w.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Kept {report.SkullVoxels:N0} voxels ({report.SkullVolumeCm3:0.0} cm³); dropped {report.ComponentsDropped:N0} of {report.ComponentsFound:N0} components ({report.VoxelsDropped:N0} voxels) in {report.Seconds:0.0} s."));
            w.WriteLine($"Wrote {to}");
            if (meshSummary is not null) w.WriteLine(meshSummary);
            return 0;
        }));
        return command;
    }
}
