using System.CommandLine;
using System.Globalization;
using Cranio.IO;
using Cranio.Meshing;
using Cranio.Volumes;

namespace Cranio.Cli.Commands;

/// <summary><c>cranio mesh MASK -o out.stl</c>: the surface of a mask as STL or PLY in LPS millimetres.</summary>
public static class MeshCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliContext context)
    {
        var input = new Argument<string>("mask") { Description = "A mask (NRRD or NIfTI); any non-zero voxel is inside." };
        var output = new Option<string>("--output", "-o") { Description = "The mesh to write: .stl (binary) or .ply.", Required = true };
        var smooth = new Option<int>("--smooth") { Description = "Taubin smoothing iterations (0 = none).", DefaultValueFactory = _ => 10 };
        var decimate = new Option<int>("--decimate") { Description = "Decimate to at most this many triangles (0 = keep all).", DefaultValueFactory = _ => 0 };
        var command = new Command("mesh", "Mesh a mask by marching cubes in physical coordinates (so it overlays the CT), with optional smoothing and decimation.")
        {
            input, output, smooth, decimate,
        };
        command.SetAction(parse => context.Run(parse, () =>
        {
            string from = parse.GetRequiredValue(input), to = parse.GetRequiredValue(output);
            string extension = Path.GetExtension(to).ToLowerInvariant();
            if (extension is not ".stl" and not ".ply")
                throw new UsageException($"the mesh format is chosen by the extension: .stl or .ply; got \"{Path.GetFileName(to)}\".");
            CliPaths.EnsureNotAnInput(to, from);
            MaskSurfaceOptions options;
            try
            {
                options = new MaskSurfaceOptions(parse.GetValue(smooth), parse.GetValue(decimate));
            }
            catch (ArgumentException e)
            {
                throw new UsageException(e.Message.Split(" (Parameter")[0]);
            }
            Volume<byte> mask = context.WithProgress("Reading the mask", _ => VolumeFile.Read(from).ToMask());
            TriangleMesh mesh = context.WithProgress("Meshing", p => MaskSurface.Create(mask, options, p));
            if (extension == ".stl") StlWriter.Write(to, mesh);
            else PlyWriter.Write(to, mesh);
            if (!context.Quiet)
            {
                double maskVolume = mask.CountNonZero() * mask.Grid.VoxelVolume;
                context.Output.WriteLine(Summary(to, mesh));
                context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"Mask volume {maskVolume / 1000:0.000} cm³; mesh/mask volume ratio {mesh.SignedVolume() / maskVolume:0.0000}."));
            }
            return 0;
        }));
        return command;
    }

    /// <summary>
    /// Meshes <paramref name="mask"/> with the default surface settings under a progress bar, writes it as binary
    /// STL to <paramref name="path"/> and returns the <see cref="Summary"/> line; does nothing and returns null
    /// when <paramref name="path"/> is null (the optional <c>--stl</c> of segment and design).
    /// </summary>
    public static string? WriteOptionalStl(CliContext context, Volume<byte> mask, string? path, string what)
    {
        if (path is null) return null;
        TriangleMesh mesh = context.WithProgress($"Meshing the {what}", p => MaskSurface.Create(mask, MaskSurfaceOptions.Default, p));
        StlWriter.Write(path, mesh);
        return Summary(path, mesh);
    }

    /// <summary>One line on a written mesh: triangles, closedness, volume and area.</summary>
    public static string Summary(string path, TriangleMesh mesh)
    {
        MeshTopology topology = mesh.CheckTopology();
        return string.Create(CultureInfo.InvariantCulture,
            $"Wrote {path}: {mesh.TriangleCount:N0} triangles, {(topology.IsClosedManifold ? "closed and manifold" : "NOT closed: " + topology)}, volume {mesh.SignedVolume() / 1000:0.000} cm³, area {mesh.SurfaceArea() / 100:0.0} cm².");
    }
}
