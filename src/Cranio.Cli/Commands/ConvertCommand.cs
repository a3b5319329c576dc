using System.CommandLine;
using Cranio.IO;
using Cranio.Volumes;

namespace Cranio.Cli.Commands;

/// <summary><c>cranio convert IN OUT</c>: any readable volume to NRRD or NIfTI, chosen by OUT's extension.</summary>
public static class ConvertCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliContext context)
    {
        var input = new Argument<string>("input") { Description = "A volume file (NRRD, NIfTI) or a DICOM folder." };
        var output = new Argument<string>("output") { Description = $"The file to write; its extension picks the format ({string.Join(", ", VolumeFile.WritableExtensions)})." };
        var type = new Option<string?>("--type") { Description = "Convert voxels to this type (uint8, int8, uint16, int16, uint32, int32, float32, float64), saturating." };
        var series = DicomSeriesOption.Create();
        var command = new Command("convert", "Convert a volume between formats. Voxels keep their order and the geometry is rewritten for the target format.") { input, output, type, series };
        command.SetAction(parse => context.Run(parse, () =>
        {
            string from = parse.GetRequiredValue(input), to = parse.GetRequiredValue(output);
            CliPaths.EnsureWritableVolume(to);
            CliPaths.EnsureNotAnInput(to, from);
            Volume volume = DicomSeriesOption.Read(parse, series, from);
            if (parse.GetValue(type) is { } typeName) volume = ConvertType(volume, typeName);
            VolumeFile.Write(volume, to);
            context.Say($"Wrote {to} ({volume.VoxelType.ToString().ToLowerInvariant()}, {volume.Grid.SizeX}×{volume.Grid.SizeY}×{volume.Grid.SizeZ}).");
            return 0;
        }));
        return command;
    }

    private static Volume ConvertType(Volume volume, string name) => name.ToLowerInvariant() switch
    {
        "uint8" => volume.ConvertTo<byte>(),
        "int8" => volume.ConvertTo<sbyte>(),
        "uint16" => volume.ConvertTo<ushort>(),
        "int16" => volume.ConvertTo<short>(),
        "uint32" => volume.ConvertTo<uint>(),
        "int32" => volume.ConvertTo<int>(),
        "float32" or "float" => volume.ConvertTo<float>(),
        "float64" or "double" => volume.ConvertTo<double>(),
        _ => throw new UsageException($"--type must be uint8, int8, uint16, int16, uint32, int32, float32 or float64; got \"{name}\"."),
    };
}
