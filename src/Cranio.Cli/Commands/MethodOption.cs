using System.CommandLine;
using Cranio.Design;

namespace Cranio.Cli.Commands;

/// <summary>The <c>--method</c> option shared by the commands that design implants.</summary>
public static class MethodOption
{
    /// <summary>Creates the option (default: the best available method).</summary>
    public static Option<string> Create() => new("--method")
    {
        Description = $"Design method: {string.Join(", ", ImplantDesigners.Names)} (default {ImplantDesigners.Default}).",
        DefaultValueFactory = _ => ImplantDesigners.Default,
    };

    /// <summary>The designer named <paramref name="method"/>; an unknown name is a usage error.</summary>
    public static IImplantDesigner Designer(string method)
    {
        try
        {
            return ImplantDesigners.Create(method);
        }
        catch (ArgumentException e)
        {
            throw new UsageException(e.Message.Split(" (Parameter")[0]);
        }
    }
}
