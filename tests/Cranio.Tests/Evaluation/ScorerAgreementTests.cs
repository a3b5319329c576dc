using System.Text.Json;
using Cranio.Evaluation;
using Cranio.IO;
using Cranio.Volumes;

namespace Cranio.Tests.Evaluation;

/// <summary>
/// Agreement with the challenge scorer re-stated with scipy (bench/evaluation/scorer.py) on the committed
/// fixture made by bench/evaluation/make_fixture.py (the command is recorded in scipy_results.json).
/// </summary>
public class ScorerAgreementTests
{
    private static string FixtureFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Cranio.slnx")))
                return Path.Combine(dir.FullName, "tests", "Cranio.Tests", "Evaluation", "Fixtures", "scorer");
        throw new InvalidOperationException("Repository root (Cranio.slnx) not found above the test binaries.");
    }

    public static TheoryData<string> Cases() => ["shifted", "noisy", "oblique"];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Metrics_AgreeWithScipy(string name)
    {
        string folder = FixtureFolder();
        using JsonDocument json = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "scipy_results.json")));
        JsonElement expected = json.RootElement.GetProperty("cases").GetProperty(name);
        Volume<byte> Read(string part) => VolumeFile.Read(Path.Combine(folder, name, part + ".nrrd")).ToMask();
        Volume<byte> p = Read("pred"), g = Read("gt"), d = Read("defective");

        CaseMetrics m = CaseEvaluator.Evaluate(name, p, g, d);
        Assert.Equal(expected.GetProperty("dsc").GetDouble(), m.Dice, 1e-6);
        Assert.Equal(expected.GetProperty("bdsc").GetDouble(), m.BoundaryDice, 1e-6);
        Assert.Equal(expected.GetProperty("hd95").GetDouble(), m.Hausdorff95, 1e-3);
        Assert.Equal(expected.GetProperty("hd").GetDouble(), m.Hausdorff, 1e-3);
        Assert.Equal(expected.GetProperty("bdsc_2mm").GetDouble(), BoundaryDice.Measure(p, g, d, 2.0), 1e-6);
        Assert.NotEqual(m.BoundaryDice, BoundaryDice.Measure(p, g, d, 2.0));
    }
}
