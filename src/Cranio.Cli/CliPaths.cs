namespace Cranio.Cli;

/// <summary>Checks on the paths a command writes.</summary>
public static class CliPaths
{
    /// <summary>Throws <see cref="UsageException"/> when <paramref name="output"/> is one of the <paramref name="inputs"/>: an input is never overwritten.</summary>
    public static void EnsureNotAnInput(string output, params string[] inputs)
    {
        string target = Path.GetFullPath(output);
        foreach (string input in inputs)
        {
            if (string.Equals(Path.GetFullPath(input).TrimEnd(Path.DirectorySeparatorChar), target.TrimEnd(Path.DirectorySeparatorChar), StringComparison.Ordinal))
                throw new UsageException($"the output {output} is also an input; choose another output path (inputs are never overwritten).");
        }
    }

    /// <summary>Throws <see cref="UsageException"/> when the extension of <paramref name="output"/> names no volume format.</summary>
    public static void EnsureWritableVolume(string output)
    {
        if (Cranio.IO.VolumeFile.FormatOfExtension(output) is null)
            throw new UsageException($"cannot tell the output format from \"{Path.GetFileName(output)}\"; use one of {string.Join(", ", Cranio.IO.VolumeFile.WritableExtensions)}.");
    }
}
