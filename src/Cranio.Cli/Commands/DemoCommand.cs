using System.CommandLine;
using System.Globalization;
using Cranio.IO;
using Cranio.Meshing;
using Cranio.Phantoms;
using Cranio.Segmentation;
using Cranio.Volumes;

namespace Cranio.Cli.Commands;

/// <summary>
/// <c>cranio demo</c>: runs the pipeline on a built-in case — a procedural head phantom rendered as CT with a
/// skull defect on an oblique (tilted-gantry) grid — and says where the results are.
/// </summary>
public static class DemoCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliContext context)
    {
        var output = new Option<string>("--output", "-o") { Description = "Folder for the results.", DefaultValueFactory = _ => "cranio-demo" };
        var spacing = new Option<double>("--spacing") { Description = "Voxel spacing of the phantom CT in mm.", DefaultValueFactory = _ => 0.8 };
        var command = new Command("demo", "Run the pipeline on a built-in head phantom (no data needed) and report where the results are.") { output, spacing };
        command.SetAction(parse => context.Run(parse, () =>
        {
            string folder = parse.GetRequiredValue(output);
            Directory.CreateDirectory(folder);
            var options = new SkullPhantomOptions(Spacing: parse.GetValue(spacing), TiltDegrees: 12, DefectRadius: 30);
            var (ct, truth) = context.WithProgress("Rendering head phantom CT", _ => SkullPhantom.Ct(options));
            var written = new List<(string File, string What)>();
            void Save(Volume volume, string name, string what)
            {
                string path = Path.Combine(folder, name);
                VolumeFile.Write(volume, path);
                written.Add((path, what));
            }
            context.WithProgress("Writing the CT", _ =>
            {
                Save(ct, "ct.nrrd", "phantom CT in HU (int16, tilted 12°)");
                Save(truth, "skull_truth.nrrd", "true skull mask of the phantom, with its defect");
                return 0;
            });
            var (skull, extraction) = context.WithProgress("Extracting the skull", p => new SkullExtractor(SkullExtractionOptions.Default).Extract(ct, p));
            Save(skull, "skull.nrrd", $"extracted skull ({string.Join(" → ", extraction.Steps)})");
            TriangleMesh skullMesh = context.WithProgress("Meshing the skull", p => MaskSurface.Create(skull, MaskSurfaceOptions.Default, p));
            string skullStl = Path.Combine(folder, "skull.stl");
            StlWriter.Write(skullStl, skullMesh);
            written.Add((skullStl, "skull surface, LPS mm (overlays ct.nrrd)"));
            if (context.Quiet) return 0;
            Grid g = ct.Grid;
            context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Phantom: {g.SizeX}×{g.SizeY}×{g.SizeZ} voxels of {options.Spacing} mm, skull {truth.CountNonZero() * g.VoxelVolume / 1000:0.0} cm³, spherical defect of radius {options.DefectRadius} mm."));
            long agree = 0, union = 0;
            for (int i = 0; i < skull.Data.Length; i++)
            {
                agree += skull.Data[i] & truth.Data[i];
                union += skull.Data[i] | truth.Data[i];
            }
            context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Skull extraction: {extraction.SkullVolumeCm3:0.0} cm³ kept, {extraction.ComponentsDropped} components dropped (head-rest, calcifications, noise); Jaccard {agree / (double)union:0.0000} against the phantom's true bone."));
            context.Output.WriteLine(MeshCommand.Summary(skullStl, skullMesh));
            context.Output.WriteLine("Wrote:");
            foreach (var (file, what) in written) context.Output.WriteLine($"  {file}  — {what}");
            context.Output.WriteLine($"Look at a file with: ./cranio info {written[0].File}");
            return 0;
        }));
        return command;
    }
}
