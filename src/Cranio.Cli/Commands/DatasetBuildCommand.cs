using System.CommandLine;
using Cranio.Defects;

namespace Cranio.Cli.Commands;

/// <summary><c>cranio dataset build INPUT OUTPUT</c>: N synthetic defects for every complete skull in a folder.</summary>
public static class DatasetBuildCommand
{
    /// <summary>Builds the <c>dataset</c> command with its <c>build</c> sub-command.</summary>
    public static Command Create(CliContext context)
    {
        var input = new Argument<string>("input") { Description = "Folder of complete skull masks (.nrrd, .nhdr, .nii, .nii.gz)." };
        var output = new Argument<string>("output") { Description = "Output folder: complete_skull/, defective_skull/, implant/, records/, manifest.csv." };
        var count = new Option<int>("--defects", "-n") { Description = "Defects per skull.", DefaultValueFactory = _ => 10 };
        var seed = new Option<ulong>("--seed") { Description = "Dataset seed; each defect's seed derives from it, the skull name and the defect index.", DefaultValueFactory = _ => 0 };
        var parallel = new Option<int>("--parallel") { Description = "Skulls processed at once.", DefaultValueFactory = _ => 2 };
        var defects = new DefectCliOptions();
        var build = new Command("build", "Build (or resume) a training set of complete, defective and implant masks with a manifest.") { input, output, count, seed, parallel };
        defects.AddTo(build);
        build.SetAction(parse => context.Run(parse, () =>
        {
            DatasetOptions options;
            try
            {
                options = new DatasetOptions(parse.GetRequiredValue(input), parse.GetRequiredValue(output), parse.GetValue(count), parse.GetValue(seed), defects.Read(parse), parse.GetValue(parallel));
            }
            catch (ArgumentOutOfRangeException e)
            {
                throw new UsageException(e.Message.Split(" (Parameter")[0]);
            }
            int written = new DatasetBuilder(options).Build(new SynchronousProgress(context));
            context.Say($"Wrote {written} new defects; manifest at {Path.Combine(options.OutputFolder, "manifest.csv")}.");
            return 0;
        }));
        return new Command("dataset", "Training sets of synthetic defects.") { build };
    }

    /// <summary>Prints each progress line at once, one at a time (cases run in parallel).</summary>
    private sealed class SynchronousProgress(CliContext context) : IProgress<string>
    {
        private readonly Lock _gate = new();

        public void Report(string value)
        {
            lock (_gate) context.Say(value);
        }
    }
}
