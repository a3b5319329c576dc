using System.CommandLine;
using Cranio.Defects;

namespace Cranio.Cli.Commands;

/// <summary>The defect options shared by <c>cranio inject</c> (shapes option <c>--shape</c>) and <c>cranio dataset build</c> (<c>--shapes</c>).</summary>
public sealed class DefectCliOptions
{
    private readonly Option<string?> _shapes;
    private readonly Option<double> _minSize = new("--min-size") { Description = "Smallest defect size in mm (diameter or side).", DefaultValueFactory = _ => 30 };
    private readonly Option<double> _maxSize = new("--max-size") { Description = "Largest defect size in mm.", DefaultValueFactory = _ => 90 };
    private readonly Option<double> _drill = new("--drill-diameter") { Description = "Diameter in mm of the drill holes at the corners of skullfix defects.", DefaultValueFactory = _ => 10 };
    private readonly Option<double> _maxFraction = new("--max-fraction") { Description = "Largest share of the bone volume a defect may remove (0…1).", DefaultValueFactory = _ => 0.35 };
    private readonly Option<double> _gap = new("--gap-mm") { Description = "Clinical gap in mm: implant voxels closer than this to the defective skull are left out of the implant; 0 = off.", DefaultValueFactory = _ => 0 };

    /// <summary>Creates the options; the shapes option is called <paramref name="shapesName"/>.</summary>
    public DefectCliOptions(string shapesName)
    {
        _shapes = new(shapesName) { Description = $"Comma-separated defect shapes drawn with equal probability (default all): {string.Join(", ", DefectKinds.All.Select(k => k.Name()))}." };
    }

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        command.Options.Add(_shapes);
        command.Options.Add(_minSize);
        command.Options.Add(_maxSize);
        command.Options.Add(_drill);
        command.Options.Add(_maxFraction);
        command.Options.Add(_gap);
    }

    /// <summary>The validated <see cref="DefectOptions"/>; an invalid value is a usage error naming the option.</summary>
    public DefectOptions Read(ParseResult parse)
    {
        DefectKind[]? kinds = null;
        if (parse.GetValue(_shapes) is { } list)
        {
            try
            {
                kinds = list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(DefectKinds.Parse).ToArray();
            }
            catch (ArgumentException e)
            {
                throw new UsageException($"{_shapes.Name}: {Message(e)}");
            }
        }
        try
        {
            return new DefectOptions(kinds, parse.GetValue(_minSize), parse.GetValue(_maxSize), parse.GetValue(_drill), parse.GetValue(_maxFraction),
                clinicalGap: parse.GetValue(_gap));
        }
        catch (ArgumentException e)
        {
            throw new UsageException(Message(e));
        }
    }

    /// <summary>The message of an argument exception without the " (Parameter 'x')" suffix .NET appends.</summary>
    internal static string Message(ArgumentException e) => e.Message.Split(" (Parameter")[0];
}
