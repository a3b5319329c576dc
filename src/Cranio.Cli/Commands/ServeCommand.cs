using System.CommandLine;
using Cranio.Web;
using Microsoft.Extensions.Hosting;

namespace Cranio.Cli.Commands;

/// <summary>
/// <c>cranio serve [--urls http://127.0.0.1:5080] [--data DIR]</c>: the web application for surgeons and engineers —
/// upload a CT or skull mask, watch the pipeline run, view skull and implant in 3D, download the results. One process,
/// an embedded SQLite database and the files in DIR; nothing leaves the machine. Stops on Ctrl+C; queued and
/// interrupted jobs resume at the next start.
/// </summary>
public static class ServeCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliContext context)
    {
        var urls = new Option<string>("--urls") { Description = "Addresses to listen on, separated by ';'.", DefaultValueFactory = _ => "http://127.0.0.1:5080" };
        var data = WebDataOption.Create();
        var maxUpload = new Option<double>("--max-upload-mb") { Description = "Largest accepted upload in MiB.", DefaultValueFactory = _ => 1024 };
        var workers = new Option<int?>("--workers") { Description = "Jobs run at the same time (default: one per core)." };
        var loginRate = new Option<int>("--login-attempts-per-minute") { Description = "Sign-in attempts accepted per client address per minute.", DefaultValueFactory = _ => 10 };
        var command = new Command("serve", "Run the web application: upload, design, view in 3D, download (local, on-premise).") { urls, data, maxUpload, workers, loginRate };
        command.SetAction(parse => context.Run(parse, () =>
        {
            WebOptions options;
            try
            {
                options = new WebOptions(parse.GetRequiredValue(data), parse.GetRequiredValue(urls), (long)(parse.GetValue(maxUpload) * (1 << 20)),
                    parse.GetValue(workers), parse.GetValue(loginRate));
            }
            catch (ArgumentException e)
            {
                throw new UsageException(e.Message.Split(" (Parameter")[0]);
            }
            var app = CranioWebApp.Create(options, new PipelineCaseProcessor());
            int userCount = app.Services.GetService(typeof(UserStore)) is UserStore users ? users.Count() : 0;
            if (userCount == 0)
                context.Error.WriteLine($"cranio: no users yet; add one with: cranio users add NAME --role surgeon|engineer --data {options.DataDirectory}");
            app.StartAsync().GetAwaiter().GetResult();
            context.Say($"Cranio web application on {string.Join(", ", CranioWebApp.Addresses(app))} (data in {options.DataDirectory}, {options.Workers} worker(s)). Ctrl+C stops it.");
            app.WaitForShutdownAsync().GetAwaiter().GetResult();
            app.DisposeAsync().AsTask().GetAwaiter().GetResult();
            return 0;
        }));
        return command;
    }
}
