namespace Cranio.IO;

/// <summary>
/// A file could not be read or written because its content is malformed or unsupported. The message names
/// the file, the field (header key, DICOM tag, section) and what was expected against what was found; the
/// original exception, if any, is kept as <see cref="Exception.InnerException"/>.
/// </summary>
public sealed class CranioFormatException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="path">The file (or folder) concerned.</param>
    /// <param name="field">The header field, tag or part of the file that is wrong.</param>
    /// <param name="problem">What was expected and what was found.</param>
    /// <param name="inner">The underlying exception, if any.</param>
    public CranioFormatException(string path, string field, string problem, Exception? inner = null)
        : base($"{path}: {field}: {problem}", inner)
    {
        Path = path;
        Field = field;
        Problem = problem;
    }

    /// <summary>The file (or folder) concerned.</summary>
    public string Path { get; }

    /// <summary>The header field, tag or part of the file that is wrong.</summary>
    public string Field { get; }

    /// <summary>What was expected and what was found.</summary>
    public string Problem { get; }
}
