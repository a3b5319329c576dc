using System.CommandLine;
using Cranio.Defects;

namespace Cranio.Cli.Commands;

/// <summary>The defect options shared by <c>cranio inject</c> and <c>cranio dataset build</c>.</summary>
public sealed class DefectCliOptions
{
    private readonly Option<string?> _kinds = new("--kind") { Description = $"Comma-separated defect kinds drawn with equal probability (default all): {string.Join(", ", DefectKinds.All.Select(k => k.Name()))}." };
    private readonly Option<double> _minSize = new("--min-size") { Description = "Smallest defect size in mm (diameter or side).", DefaultValueFactory = _ => 30 };
    private readonly Option<double> _maxSize = new("--max-size") { Description = "Largest defect size in mm.", DefaultValueFactory = _ => 90 };
    private readonly Option<double> _drill = new("--drill-diameter") { Description = "Diameter in mm of the drill holes at the corners of skullfix defects.", DefaultValueFactory = _ => 10 };
    private readonly Option<double> _maxFraction = new("--max-fraction") { Description = "Largest share of the bone volume a defect may remove (0…1).", DefaultValueFactory = _ => 0.35 };

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        command.Options.Add(_kinds);
        command.Options.Add(_minSize);
        command.Options.Add(_maxSize);
        command.Options.Add(_drill);
        command.Options.Add(_maxFraction);
    }

    /// <summary>The validated <see cref="DefectOptions"/>; an invalid value is a usage error naming the option.</summary>
    public DefectOptions Read(ParseResult parse)
    {
        try
        {
            IEnumerable<DefectKind>? kinds = parse.GetValue(_kinds) is { } list
                ? list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(DefectKinds.Parse)
                : null;
            return new DefectOptions(kinds, parse.GetValue(_minSize), parse.GetValue(_maxSize), parse.GetValue(_drill), parse.GetValue(_maxFraction));
        }
        catch (ArgumentException e)
        {
            throw new UsageException(e is ArgumentOutOfRangeException range ? range.Message.Split(" (Parameter")[0] : e.Message.Split(" (Parameter")[0]);
        }
    }
}
