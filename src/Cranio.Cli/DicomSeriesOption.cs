using System.CommandLine;
using Cranio.IO;
using Cranio.Volumes;

namespace Cranio.Cli;

/// <summary>The <c>--series UID</c> option of commands that read a volume: picks one series of a DICOM folder.</summary>
public static class DicomSeriesOption
{
    /// <summary>Creates the option.</summary>
    public static Option<string?> Create() =>
        new("--series") { Description = "For a DICOM folder holding several series: the SeriesInstanceUID to read (the error for an ambiguous folder lists them)." };

    /// <summary>Reads <paramref name="input"/> with <see cref="VolumeFile.Read(string, string?)"/>, passing the series if given.</summary>
    /// <exception cref="UsageException">--series was given for an input that is not a folder.</exception>
    public static Volume Read(ParseResult parse, Option<string?> option, string input)
    {
        string? series = parse.GetValue(option);
        if (series is not null && !Directory.Exists(input))
            throw new UsageException($"--series applies to a DICOM folder; \"{input}\" is not a folder.");
        return VolumeFile.Read(input, series);
    }
}
