namespace Cranio.Tests;

/// <summary>
/// Locates the real SkullFix skull masks (AutoImplant 2020, CC BY-NC-SA 4.0) that live beside the repository
/// in <c>../shared/data/skullfix</c>, or under the folder named by the CRANIO_SHARED_DATA environment variable.
/// The data are read at run time and never copied into the repository.
/// </summary>
internal static class SharedData
{
    /// <summary>The skullfix folder, or null when it is absent.</summary>
    public static string? SkullFixDirectory { get; } = Locate();

    /// <summary>Message used to skip tests when the data are absent.</summary>
    public const string MissingMessage = "SkullFix data not found beside the repository (../shared/data/skullfix); set CRANIO_SHARED_DATA to the data folder.";

    /// <summary>Path of case <paramref name="id"/> (0…74) in <paramref name="part"/> (complete_skull, defective_skull or implant).</summary>
    public static string Case(string part, int id) =>
        Path.Combine(SkullFixDirectory ?? throw new InvalidOperationException(MissingMessage), part, $"{id:000}.nrrd");

    /// <summary>The case files of one part, sorted by name.</summary>
    public static string[] Cases(string part) =>
        SkullFixDirectory is null ? [] : Directory.GetFiles(Path.Combine(SkullFixDirectory, part), "*.nrrd").Order(StringComparer.Ordinal).ToArray();

    private static string? Locate()
    {
        string? fromEnvironment = Environment.GetEnvironmentVariable("CRANIO_SHARED_DATA");
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            string candidate = Path.Combine(fromEnvironment, "skullfix");
            return Directory.Exists(candidate) ? candidate : null;
        }
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (!File.Exists(Path.Combine(dir.FullName, "Cranio.slnx"))) continue;
            string candidate = Path.Combine(dir.FullName, "..", "shared", "data", "skullfix");
            return Directory.Exists(candidate) ? Path.GetFullPath(candidate) : null;
        }
        return null;
    }
}
