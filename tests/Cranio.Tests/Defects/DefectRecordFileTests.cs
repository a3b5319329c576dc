using Cranio.Defects;
using Cranio.IO;
using Cranio.Volumes;

namespace Cranio.Tests.Defects;

public class DefectRecordFileTests
{
    private static readonly DefectRecord Sample = new("skullfix", "box (1 2 3) drills 10", new Vec3(-12.345678901234, 0.1, 1e-7), ulong.MaxValue - 3, 4, 1.5, 23.456789, 0.1 + 0.2);

    [Fact]
    public void WriteThenRead_GivesTheSameRecord()
    {
        using var dir = new TempDirectory();
        DefectRecordFile.Write(Sample, dir.File("defect.json"));
        Assert.Equal(Sample, DefectRecordFile.Read(dir.File("defect.json")));
        Assert.Equal(DefectRecordFile.Format(Sample), File.ReadAllText(dir.File("defect.json")));
    }

    [Fact]
    public void Format_NamesTheMembersInSnakeCase()
    {
        string json = DefectRecordFile.Format(Sample);
        foreach (string member in new[] { "\"shape\": \"skullfix\"", "\"center_mm\"", "\"seed\": 18446744073709551612", "\"attempts\": 4", "\"clinical_gap_mm\": 1.5", "\"implant_volume_cm3\"", "\"opening_area_cm2\"" })
            Assert.Contains(member, json);
    }

    [Theory]
    [InlineData("not json", "json", "invalid JSON")]
    [InlineData("[1, 2]", "json", "expected a JSON object")]
    [InlineData("{\"shape\": \"box\"}", "center_mm", "found none")]
    [InlineData("{\"shape\": 3, \"center_mm\": [1, 2, 3]}", "shape", "expected a string; found a number")]
    [InlineData("{\"shape\": \"box\", \"center_mm\": [1, 2]}", "center_mm", "array of 3 numbers")]
    public void Read_BrokenFile_NamesTheFieldAndWhatWasFound(string text, string field, string problem)
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("bad.json"), text);
        var e = Assert.Throws<CranioFormatException>(() => DefectRecordFile.Read(dir.File("bad.json")));
        Assert.Contains($"{field}: ", e.Message);
        Assert.Contains(problem, e.Message);
        Assert.Contains("bad.json", e.Message);
    }
}
