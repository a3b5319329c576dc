using System.CommandLine;

namespace Cranio.Cli;

/// <summary>The <c>--data DIR</c> option of the web commands: the folder holding the web application's database and case files.</summary>
public static class WebDataOption
{
    /// <summary>Creates the option (default <c>cranio-data</c> in the working folder).</summary>
    public static Option<string> Create() =>
        new("--data") { Description = "Folder of the web application's database (cranio.db) and case files.", DefaultValueFactory = _ => "cranio-data" };
}
