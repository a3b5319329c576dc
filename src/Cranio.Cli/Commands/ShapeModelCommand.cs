using System.CommandLine;
using System.Globalization;
using Cranio.Defects;
using Cranio.Design;
using Cranio.IO;

namespace Cranio.Cli.Commands;

/// <summary>
/// <c>cranio shape-model --skulls DIR [--cases FIRST-LAST] [--subdivision 5] [--modes 30] -o MODEL</c>: builds the
/// statistical shape model of the vault (<see cref="SkullShapeModel"/>) that guides the learned designer's prior.
/// </summary>
public static class ShapeModelCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliContext context)
    {
        var skulls = new Option<string>("--skulls") { Description = "Folder of complete skull masks (.nrrd, .nhdr, .nii, .nii.gz).", Required = true };
        var cases = new Option<string?>("--cases") { Description = "Only the files named by a case number in FIRST-LAST (e.g. 0-59, SkullFix's training split)." };
        var subdivision = new Option<int>("--subdivision") { Description = "Icosphere level of the model's direction grid (3–7; 5 = 10,242 directions).", DefaultValueFactory = _ => 5 };
        var modes = new Option<int>("--modes") { Description = "Principal modes kept (at most one fewer than the skulls).", DefaultValueFactory = _ => 30 };
        var output = new Option<string>("--output", "-o") { Description = "The model file to write (.safetensors).", Required = true };
        var command = new Command("shape-model", "Build a statistical shape model of the vault from complete skulls.") { skulls, cases, subdivision, modes, output };
        command.SetAction(parse => context.Run(parse, () =>
        {
            string folder = parse.GetRequiredValue(skulls);
            if (!Directory.Exists(folder)) throw new UsageException($"--skulls: folder not found: {folder}");
            string[] files = DatasetBuilder.SkullFiles(folder);
            if (parse.GetValue(cases) is string range)
            {
                var (first, last) = TrainCommand.CaseRange("--cases", range);
                files = files.Where(f => int.TryParse(DatasetBuilder.CaseName(f), NumberStyles.None, CultureInfo.InvariantCulture, out int id) && id >= first && id <= last).ToArray();
            }
            if (files.Length < 2) throw new UsageException($"--skulls: a shape model needs at least two skull files; {folder} has {files.Length}{(parse.GetValue(cases) is null ? "" : " in the case range")}.");
            string path = parse.GetRequiredValue(output);
            if (files.Any(f => Path.GetFullPath(f) == Path.GetFullPath(path))) throw new UsageException($"--output would overwrite the input {path}.");
            SkullShapeModel model;
            try
            {
                model = context.WithProgress($"Casting {files.Length} skulls", p => SkullShapeModel.Build(
                    files.Select(f => VolumeFile.Read(f).ToMask()), parse.GetValue(subdivision), parse.GetValue(modes), progress: k => p.Report((double)k / files.Length)));
            }
            catch (ArgumentOutOfRangeException e)
            {
                throw new UsageException(e.Message.Split(" (Parameter")[0]);
            }
            model.Save(path, new Dictionary<string, string> { ["skull_files"] = string.Join(",", files.Select(DatasetBuilder.CaseName)) });
            context.Say($"Wrote {path}: {model.SkullCount} skulls, {model.ModeCount} modes on {model.Mesh.VertexCount:N0} directions.");
            return 0;
        }));
        return command;
    }
}
