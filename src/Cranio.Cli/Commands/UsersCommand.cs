using System.CommandLine;
using System.Text;
using Cranio.Web;

namespace Cranio.Cli.Commands;

/// <summary>
/// <c>cranio users add NAME [--role surgeon|engineer] [--data DIR]</c>: adds a user of the web application. The
/// password is prompted twice without echo, or read as one line from standard input when that is redirected.
/// </summary>
public static class UsersCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliContext context)
    {
        var name = new Argument<string>("name") { Description = "Sign-in name: letters, digits, '.', '-', '_' or '@'." };
        var role = new Option<string>("--role") { Description = "surgeon (uploads, views, downloads) or engineer (also changes design parameters).", DefaultValueFactory = _ => "surgeon" };
        role.AcceptOnlyFromAmong("surgeon", "engineer");
        var data = WebDataOption.Create();
        var add = new Command("add", "Add a user of the web application (cranio serve).") { name, role, data };
        add.SetAction(parse => context.Run(parse, () =>
        {
            UserRole r = Enum.Parse<UserRole>(parse.GetRequiredValue(role), ignoreCase: true);
            string user = parse.GetRequiredValue(name);
            string password = ReadPassword(context);
            var options = new WebOptions(parse.GetRequiredValue(data));
            UserAccount account = new UserStore(new CranioDatabase(options.DatabasePath), options.PasswordIterations).Add(user, r, password);
            context.Say($"Added {account.Role.ToString().ToLowerInvariant()} \"{account.Name}\" to {options.DatabasePath}");
            return 0;
        }));
        return new Command("users", "Manage the users of the web application.") { add };
    }

    private static string ReadPassword(CliContext context)
    {
        if (Console.IsInputRedirected)
            return Console.In.ReadLine() ?? throw new UsageException("expected the password as a line on standard input; found nothing.");
        string first = Prompt(context, "Password: "), second = Prompt(context, "Repeat the password: ");
        if (first != second) throw new UsageException("the two passwords differ.");
        return first;
    }

    private static string Prompt(CliContext context, string label)
    {
        context.Error.Write(label);
        var text = new StringBuilder();
        while (true)
        {
            ConsoleKeyInfo key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter) break;
            if (key.Key == ConsoleKey.Backspace) { if (text.Length > 0) text.Length--; }
            else if (!char.IsControl(key.KeyChar)) text.Append(key.KeyChar);
        }
        context.Error.WriteLine();
        return text.ToString();
    }
}
