using Cranio.Evaluation;

namespace Cranio.Tests.Evaluation;

public class CaseMatcherTests
{
    private static void Touch(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "x");
    }

    [Fact]
    public void Folders_MissingAndExtraCasesAreListed()
    {
        using var dir = new TempDirectory();
        foreach (string c in new[] { "000", "001", "002" }) Touch(dir.File($"gt/{c}.nrrd"));
        foreach (string c in new[] { "000", "002", "007" }) Touch(dir.File($"pred/{c}.nrrd"));
        foreach (string c in new[] { "000", "001" }) Touch(dir.File($"def/{c}.nrrd"));
        Touch(dir.File("pred/notes.txt"));

        CaseMatching m = CaseMatcher.Match(dir.File("pred"), dir.File("gt"), dir.File("def"));
        Assert.Equal(["000", "002"], m.Cases.Select(c => c.Name));
        Assert.Equal(dir.File("pred/002.nrrd"), m.Cases[1].Prediction);
        Assert.Equal(dir.File("def/000.nrrd"), m.Cases[0].DefectiveSkull);
        Assert.Null(m.Cases[1].DefectiveSkull);
        Assert.Equal(["001"], m.MissingPredictions);
        Assert.Equal(["007.nrrd"], m.ExtraPredictions);
        Assert.Equal(["002"], m.MissingDefectiveSkulls);
    }

    [Fact]
    public void NestedLayout_MatchesByRelativePath_ThenByUniqueName()
    {
        using var dir = new TempDirectory();
        // SkullBreak-like: the same file name under several defect classes must match by relative path.
        Touch(dir.File("gt/bilateral/000.nrrd"));
        Touch(dir.File("gt/frontoorbital/000.nrrd"));
        Touch(dir.File("gt/random/005.nrrd"));
        Touch(dir.File("pred/bilateral/000.nii.gz"));
        Touch(dir.File("pred/000.nrrd"));     // ambiguous name: not matched to frontoorbital/000
        Touch(dir.File("pred/flat/005.nrrd")); // unique name: matched to random/005

        CaseMatching m = CaseMatcher.Match(dir.File("pred"), dir.File("gt"));
        Assert.Equal(["bilateral/000", "random/005"], m.Cases.Select(c => c.Name));
        Assert.Equal(dir.File("pred/bilateral/000.nii.gz"), m.Cases[0].Prediction);
        Assert.Equal(dir.File("pred/flat/005.nrrd"), m.Cases[1].Prediction);
        Assert.Equal(["frontoorbital/000"], m.MissingPredictions);
        Assert.Equal(["000.nrrd"], m.ExtraPredictions);
    }

    [Fact]
    public void Files_MakeOneCase_MixedKindsOrMissingPathsAreErrors()
    {
        using var dir = new TempDirectory();
        Touch(dir.File("p.nrrd"));
        Touch(dir.File("g/017.nrrd"));
        CaseMatching m = CaseMatcher.Match(dir.File("p.nrrd"), dir.File("g/017.nrrd"));
        Assert.Equal("017", Assert.Single(m.Cases).Name);
        Assert.Contains("all be files or all be folders", Assert.Throws<ArgumentException>(() => CaseMatcher.Match(dir.File("p.nrrd"), dir.File("g"))).Message);
        Assert.Contains("does not exist", Assert.Throws<ArgumentException>(() => CaseMatcher.Match(dir.File("nope"), dir.File("g"))).Message);
    }
}
