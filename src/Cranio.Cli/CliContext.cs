using System.CommandLine;
using Cranio.IO;
using Cranio.Volumes;
using Spectre.Console;

namespace Cranio.Cli;

/// <summary>
/// What every command shares: the output streams, the global <c>--verbose</c> and <c>--quiet</c> options, error
/// reporting with the documented exit codes, and progress display.
/// </summary>
public sealed class CliContext
{
    /// <summary>Exit code of a failed command.</summary>
    public const int Failure = 1;

    /// <summary>Exit code of a usage error (bad arguments).</summary>
    public const int UsageError = 2;

    /// <summary>Prints stack traces with errors.</summary>
    public static Option<bool> VerboseOption { get; } = new("--verbose") { Description = "Print stack traces with errors.", Recursive = true };

    /// <summary>Suppresses progress bars and summaries (for scripts).</summary>
    public static Option<bool> QuietOption { get; } = new("--quiet", "-q") { Description = "No progress bars or summaries; errors only.", Recursive = true };

    /// <summary>Creates a context writing to <paramref name="output"/> and <paramref name="error"/>.</summary>
    public CliContext(TextWriter output, TextWriter error)
    {
        Output = output;
        Error = error;
        bool interactive = ReferenceEquals(output, System.Console.Out) && !System.Console.IsOutputRedirected;
        Console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = interactive ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = interactive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = interactive ? InteractionSupport.Detect : InteractionSupport.No,
        });
        if (!interactive) Console.Profile.Width = 160;
    }

    /// <summary>Standard output.</summary>
    public TextWriter Output { get; }

    /// <summary>Standard error.</summary>
    public TextWriter Error { get; }

    /// <summary>A Spectre console on <see cref="Output"/> (plain text when not a terminal).</summary>
    public IAnsiConsole Console { get; }

    /// <summary>Whether <c>--quiet</c> was given for the running command.</summary>
    public bool Quiet { get; private set; }

    /// <summary>
    /// Runs a command body, mapping exceptions to exit codes: <see cref="UsageException"/> → 2; file format,
    /// grid mismatch, I/O and argument errors → 1 with one line on standard error (and the stack trace with
    /// <c>--verbose</c>).
    /// </summary>
    public int Run(ParseResult parse, Func<int> body)
    {
        bool verbose = parse.GetValue(VerboseOption);
        Quiet = parse.GetValue(QuietOption);
        try
        {
            return body();
        }
        catch (UsageException e)
        {
            Error.WriteLine($"cranio: {e.Message}");
            return UsageError;
        }
        catch (Exception e) when (e is CranioFormatException or GridMismatchException or IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException or NotSupportedException)
        {
            Error.WriteLine($"cranio: error: {e.Message}");
            if (verbose) Error.WriteLine(e.ToString());
            return Failure;
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> under a progress bar labelled <paramref name="description"/>; without a
    /// terminal, or with <c>--quiet</c>, the work runs without display. The work reports fractions 0…1.
    /// </summary>
    public T WithProgress<T>(string description, Func<IProgress<double>, T> work)
    {
        if (Quiet || !Console.Profile.Capabilities.Interactive) return work(new Progress<double>());
        T result = default!;
        Console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                ProgressTask task = ctx.AddTask(Markup.Escape(description), maxValue: 1.0);
                result = work(new DirectProgress(task));
                task.Value = 1.0;
            });
        return result;
    }

    /// <summary>Writes a line of plain text unless <c>--quiet</c>.</summary>
    public void Say(string text)
    {
        if (!Quiet) Output.WriteLine(text);
    }

    private sealed class DirectProgress(ProgressTask task) : IProgress<double>
    {
        public void Report(double value) => task.Value = Math.Clamp(value, 0, 1);
    }
}
