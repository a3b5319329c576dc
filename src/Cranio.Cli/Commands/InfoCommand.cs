using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Cranio.IO;
using Cranio.Volumes;

namespace Cranio.Cli.Commands;

/// <summary><c>cranio info FILE|DIR</c>: geometry, type, value range and, for masks, voxel count and volume.</summary>
public static class InfoCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliContext context)
    {
        var input = new Argument<string>("input") { Description = "A volume file (NRRD, NIfTI) or a DICOM folder." };
        var json = new Option<bool>("--json") { Description = "Print the facts as one JSON object." };
        var series = DicomSeriesOption.Create();
        var command = new Command("info", "Show a volume's geometry (sizes, spacing, origin, direction matrix), voxel type and value range.") { input, json, series };
        command.SetAction(parse => context.Run(parse, () =>
        {
            string path = parse.GetRequiredValue(input);
            Volume volume = DicomSeriesOption.Read(parse, series, path);
            VolumeFacts facts = VolumeFacts.Of(volume);
            if (parse.GetValue(json)) context.Output.WriteLine(JsonSerializer.Serialize(facts.ToJson(path), JsonOptions));
            else Print(context, path, facts);
            return 0;
        }));
        return command;
    }

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    private static void Print(CliContext context, string path, VolumeFacts f)
    {
        Grid g = f.Grid;
        var w = context.Output;
        string N(double v) => v.ToString("0.######", CultureInfo.InvariantCulture);
        w.WriteLine($"File       {path}");
        w.WriteLine($"Type       {f.Type.ToString().ToLowerInvariant()}");
        w.WriteLine($"Sizes      {g.SizeX} × {g.SizeY} × {g.SizeZ} ({g.VoxelCount:N0} voxels)");
        w.WriteLine($"Spacing    {N(g.Spacing.X)} × {N(g.Spacing.Y)} × {N(g.Spacing.Z)} mm");
        w.WriteLine($"Origin     ({N(g.Origin.X)}, {N(g.Origin.Y)}, {N(g.Origin.Z)}) mm, LPS");
        for (int r = 0; r < 3; r++)
        {
            string row = string.Join(" ", Enumerable.Range(0, 3).Select(c => g.Direction[r, c].ToString("+0.000000;-0.000000", CultureInfo.InvariantCulture)));
            w.WriteLine($"{(r == 0 ? "Direction" : ""),-10} [ {row} ]");
        }
        w.WriteLine($"           {(g.IsAxisAligned ? "axis-aligned" : g.IsOrthogonal ? "oblique (rotated, orthogonal axes)" : "oblique (non-orthogonal axes)")}, determinant {N(g.Direction.Determinant)}");
        w.WriteLine($"Extent     {N(g.SizeX * g.Spacing.X)} × {N(g.SizeY * g.Spacing.Y)} × {N(g.SizeZ * g.Spacing.Z)} mm");
        w.WriteLine($"Range      {N(f.Min)} … {N(f.Max)}");
        w.WriteLine($"Non-zero   {f.NonZero:N0} voxels");
        if (f.IsMask) w.WriteLine($"Mask       yes (values 0/1); volume {f.MaskVolumeCm3.ToString("0.###", CultureInfo.InvariantCulture)} cm³");
        foreach (var pair in f.Metadata) w.WriteLine($"Metadata   {pair.Key} = {pair.Value}");
    }

    private sealed record VolumeFacts(Grid Grid, VoxelType Type, double Min, double Max, long NonZero, bool IsMask, IReadOnlyDictionary<string, string> Metadata)
    {
        public double MaskVolumeCm3 => NonZero * Grid.VoxelVolume / 1000.0;

        public static VolumeFacts Of(Volume v)
        {
            (double min, double max) = v.ValueRange();
            bool isMask = !v.VoxelType.IsFloatingPoint() && min >= 0 && max <= 1;
            return new VolumeFacts(v.Grid, v.VoxelType, min, max, v.CountNonZero(), isMask, v.Metadata);
        }

        public object ToJson(string path) => new
        {
            file = path,
            type = Type.ToString().ToLowerInvariant(),
            sizes = new[] { Grid.SizeX, Grid.SizeY, Grid.SizeZ },
            spacing_mm = new[] { Grid.Spacing.X, Grid.Spacing.Y, Grid.Spacing.Z },
            origin_mm_lps = new[] { Grid.Origin.X, Grid.Origin.Y, Grid.Origin.Z },
            direction_rows = Enumerable.Range(0, 3).Select(r => new[] { Grid.Direction[r, 0], Grid.Direction[r, 1], Grid.Direction[r, 2] }).ToArray(),
            axis_aligned = Grid.IsAxisAligned,
            min = Min,
            max = Max,
            nonzero_voxels = NonZero,
            is_mask = IsMask,
            mask_volume_cm3 = IsMask ? MaskVolumeCm3 : (double?)null,
            metadata = Metadata,
        };
    }
}
