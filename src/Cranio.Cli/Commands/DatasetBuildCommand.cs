using System.CommandLine;
using Cranio.Defects;

namespace Cranio.Cli.Commands;

/// <summary>
/// <c>cranio dataset build --skulls DIR --per-skull N [--shapes …] [--seed N] -o OUT</c>: N synthetic defects for every
/// complete skull in a folder, in the layout of <see cref="DatasetBuilder"/>; resumable and deterministic.
/// </summary>
public static class DatasetBuildCommand
{
    /// <summary>Builds the <c>dataset</c> command with its <c>build</c> sub-command.</summary>
    public static Command Create(CliContext context)
    {
        var skulls = new Option<string>("--skulls") { Description = "Folder of complete skull masks (.nrrd, .nhdr, .nii, .nii.gz).", Required = true };
        var output = new Option<string>("--output", "-o") { Description = "Output folder: complete_skull/, defective_skull/, implant/, records/, manifest.csv.", Required = true };
        var perSkull = new Option<int>("--per-skull") { Description = "Defects per skull.", DefaultValueFactory = _ => 10 };
        var seed = new Option<ulong>("--seed") { Description = "Dataset seed; each defect's seed derives from it, the skull name and the defect index.", DefaultValueFactory = _ => 0 };
        var parallel = new Option<int>("--parallel") { Description = "Skulls processed at once.", DefaultValueFactory = _ => 2 };
        var defects = new DefectCliOptions("--shapes");
        var build = new Command("build", "Build (or resume) a training set of complete, defective and implant masks with a manifest.") { skulls, output, perSkull, seed, parallel };
        defects.AddTo(build);
        build.SetAction(parse => context.Run(parse, () =>
        {
            DefectOptions defectOptions = defects.Read(parse);
            DatasetOptions options;
            try
            {
                options = new DatasetOptions(parse.GetRequiredValue(skulls), parse.GetRequiredValue(output), parse.GetValue(perSkull), parse.GetValue(seed), defectOptions, parse.GetValue(parallel));
            }
            catch (ArgumentException e)
            {
                throw new UsageException(DefectCliOptions.Message(e));
            }
            int written = context.WithProgress("Building the dataset", p => new DatasetBuilder(options).Build(p));
            context.Say($"Wrote {written} new defects; manifest at {Path.Combine(options.OutputFolder, "manifest.csv")}.");
            return 0;
        }));
        return new Command("dataset", "Training sets of synthetic defects.") { build };
    }
}
