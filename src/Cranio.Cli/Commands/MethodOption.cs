using System.CommandLine;
using Cranio.Design;

namespace Cranio.Cli.Commands;

/// <summary>The options shared by the commands that design implants: <c>--method</c> and the print preparation.</summary>
public static class MethodOption
{
    /// <summary>Clinical gap to the defect border in mm (default 0).</summary>
    public static Option<double> GapOption() => new("--gap-mm") { Description = "Clearance in mm between implant and skull at the defect border, for fitting (default 0).", DefaultValueFactory = _ => 0 };

    /// <summary>Opening radius in mm (default 0).</summary>
    public static Option<double> OpeningOption() => new("--opening-mm") { Description = "Radius in mm of an opening that removes spikes and parts thinner than twice it (default 0 = off).", DefaultValueFactory = _ => 0 };

    /// <summary>The print-preparation settings from the two options; bad values are usage errors.</summary>
    public static ImplantPostProcessingOptions PostProcessing(ParseResult parse, Option<double> gap, Option<double> opening)
    {
        try
        {
            return new ImplantPostProcessingOptions(openingRadiusMm: parse.GetValue(opening), clinicalGapMm: parse.GetValue(gap));
        }
        catch (ArgumentException e)
        {
            throw new UsageException(e.Message.Split(" (Parameter")[0]);
        }
    }

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
