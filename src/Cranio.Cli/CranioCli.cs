using System.CommandLine;
using Cranio.Cli.Commands;

namespace Cranio.Cli;

/// <summary>
/// The <c>cranio</c> command line: builds the command tree and runs it. Exit codes: 0 success, 1 failure
/// (one line naming the file and the problem; a stack trace only with <c>--verbose</c>), 2 usage error.
/// </summary>
public static class CranioCli
{
    /// <summary>Parses <paramref name="args"/> and runs the command, writing to the given streams.</summary>
    /// <returns>The process exit code.</returns>
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var root = new RootCommand("Cranio: automatic patient-specific cranial implant design from head CT and skull masks.");
        root.Options.Add(CliContext.VerboseOption);
        root.Options.Add(CliContext.QuietOption);
        foreach (Func<CliContext, Command> create in Commands)
            root.Subcommands.Add(create(new CliContext(output, error)));

        ParseResult parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var e in parse.Errors) error.WriteLine($"cranio: {e.Message}");
            error.WriteLine("Run 'cranio --help' for usage.");
            return CliContext.UsageError;
        }
        return parse.Invoke(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
    }

    private static readonly Func<CliContext, Command>[] Commands =
    [
        InfoCommand.Create,
        ConvertCommand.Create,
        SegmentCommand.Create,
        MeshCommand.Create,
        DesignCommand.Create,
        RunCommand.Create,
        PhantomCommand.Create,
        DemoCommand.Create,
        InjectCommand.Create,
        DatasetBuildCommand.Create,
        EvaluateCommand.Create,
        TrainCommand.Create,
        ShapeModelCommand.Create,
        ServeCommand.Create,
        UsersCommand.Create,
    ];
}
