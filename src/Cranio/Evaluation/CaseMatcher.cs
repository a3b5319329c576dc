namespace Cranio.Evaluation;

/// <summary>The files of one case to evaluate.</summary>
/// <param name="Name">Case name: the ground truth's path relative to its folder, without extension, '/'-separated.</param>
/// <param name="Prediction">Prediction file.</param>
/// <param name="Truth">Ground-truth file.</param>
/// <param name="DefectiveSkull">Defective skull file, or null.</param>
public sealed record CaseFiles(string Name, string Prediction, string Truth, string? DefectiveSkull);

/// <summary>The outcome of matching predictions to ground truths: the cases, and what did not match.</summary>
/// <param name="Cases">Matched cases, ordered by name.</param>
/// <param name="MissingPredictions">Names of ground-truth cases that have no prediction.</param>
/// <param name="ExtraPredictions">Prediction files (relative paths) that match no ground truth.</param>
/// <param name="MissingDefectiveSkulls">Names of matched cases without a defective skull although a defective folder was given.</param>
public sealed record CaseMatching(IReadOnlyList<CaseFiles> Cases, IReadOnlyList<string> MissingPredictions, IReadOnlyList<string> ExtraPredictions, IReadOnlyList<string> MissingDefectiveSkulls);

/// <summary>
/// Pairs prediction, ground-truth and defective-skull files. Three files make one case. Three folders are
/// searched recursively for volume files (.nrrd, .nhdr, .nii, .nii.gz); a ground truth is matched to the
/// file with the same relative path (extension aside) in the other folder or, failing that, to the one file
/// with the same name when that name occurs once in each folder (so <c>pred/000.nrrd</c> matches
/// <c>implant/bilateral/000.nrrd</c> only if no other 000 exists). Nothing unmatched is dropped silently:
/// it is listed in the <see cref="CaseMatching"/>.
/// </summary>
public static class CaseMatcher
{
    /// <summary>Extensions of the files considered volumes in folders (compared case-insensitively).</summary>
    public static IReadOnlyList<string> VolumeExtensions { get; } = [".nii.gz", ".nrrd", ".nhdr", ".nii"];

    /// <summary>Matches the cases of <paramref name="prediction"/>, <paramref name="truth"/> and optional <paramref name="defectiveSkull"/>.</summary>
    /// <exception cref="ArgumentException">A path does not exist, or files and folders are mixed.</exception>
    public static CaseMatching Match(string prediction, string truth, string? defectiveSkull = null)
    {
        bool truthIsFolder = Kind(truth, "ground truth");
        bool predictionIsFolder = Kind(prediction, "prediction");
        bool? defectiveIsFolder = defectiveSkull is null ? null : Kind(defectiveSkull, "defective skull");
        if (predictionIsFolder != truthIsFolder || (defectiveIsFolder is bool d && d != truthIsFolder))
            throw new ArgumentException($"Prediction, ground truth and defective skull must all be files or all be folders; got prediction {Describe(predictionIsFolder)}, ground truth {Describe(truthIsFolder)}" +
                (defectiveIsFolder is bool dd ? $", defective skull {Describe(dd)}." : "."));
        if (!truthIsFolder)
            return new CaseMatching([new CaseFiles(Stem(Path.GetFileName(truth)), prediction, truth, defectiveSkull)], [], [], []);

        Dictionary<string, string> truths = Scan(truth), predictions = Scan(prediction);
        Dictionary<string, string>? defectives = defectiveSkull is null ? null : Scan(defectiveSkull);
        var usedPredictions = new HashSet<string>(StringComparer.Ordinal);
        var cases = new List<CaseFiles>();
        var missing = new List<string>();
        var missingDefective = new List<string>();
        foreach (string key in truths.Keys.Order(StringComparer.Ordinal))
        {
            string? p = Find(key, truths, predictions);
            if (p is null)
            {
                missing.Add(key);
                continue;
            }
            usedPredictions.Add(p);
            string? dKey = defectives is null ? null : Find(key, truths, defectives);
            if (defectives is not null && dKey is null) missingDefective.Add(key);
            cases.Add(new CaseFiles(key, predictions[p], truths[key], dKey is null ? null : defectives![dKey]));
        }
        var extra = predictions.Keys.Where(k => !usedPredictions.Contains(k)).Order(StringComparer.Ordinal)
            .Select(k => Path.GetRelativePath(prediction, predictions[k]).Replace(Path.DirectorySeparatorChar, '/')).ToList();
        return new CaseMatching(cases, missing, extra, missingDefective);
    }

    private static string Describe(bool folder) => folder ? "a folder" : "a file";

    private static bool Kind(string path, string role)
    {
        if (Directory.Exists(path)) return true;
        if (File.Exists(path)) return false;
        throw new ArgumentException($"The {role} {path} does not exist; expected a volume file or a folder of them.");
    }

    /// <summary>The key of <paramref name="key"/>'s partner in <paramref name="others"/>: the same relative path, else the one file of the same name.</summary>
    private static string? Find(string key, Dictionary<string, string> truths, Dictionary<string, string> others)
    {
        if (others.ContainsKey(key)) return key;
        string name = key[(key.LastIndexOf('/') + 1)..];
        if (truths.Keys.Count(k => NameOf(k) == name) != 1) return null;
        string[] candidates = others.Keys.Where(k => NameOf(k) == name).Take(2).ToArray();
        return candidates.Length == 1 ? candidates[0] : null;
    }

    private static string NameOf(string key) => key[(key.LastIndexOf('/') + 1)..];

    /// <summary>Volume files under <paramref name="folder"/>, keyed by relative path without extension.</summary>
    private static Dictionary<string, string> Scan(string folder)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
        {
            string fileName = Path.GetFileName(file);
            if (fileName.StartsWith('.') || !VolumeExtensions.Any(e => fileName.EndsWith(e, StringComparison.OrdinalIgnoreCase))) continue;
            string relative = Path.GetRelativePath(folder, file).Replace(Path.DirectorySeparatorChar, '/');
            string key = Stem(relative);
            if (!result.TryAdd(key, file))
                throw new ArgumentException($"Two volume files in {folder} have the case name {key}: {Path.GetFileName(result[key])} and {fileName}; keep one.");
        }
        return result;
    }

    /// <summary><paramref name="name"/> without its volume extension.</summary>
    private static string Stem(string name)
    {
        foreach (string e in VolumeExtensions)
            if (name.EndsWith(e, StringComparison.OrdinalIgnoreCase)) return name[..^e.Length];
        return Path.GetFileNameWithoutExtension(name);
    }
}
