using Cranio.Tests.Cli;
using Cranio.Web;

namespace Cranio.Tests.Web;

/// <summary>The <c>cranio serve</c> and <c>cranio users</c> commands' argument checks.</summary>
public sealed class WebCommandsTests
{
    [Fact]
    public void ServeRefusesImpossibleSettingsAsUsageErrors()
    {
        using var temp = new TempDirectory();
        var (code, _, error) = CliRunner.Run("serve", "--data", temp.Path, "--workers", "0");
        Assert.Equal(2, code);
        Assert.Contains("Workers must be 1–64; got 0.", error);
        (code, _, error) = CliRunner.Run("serve", "--data", temp.Path, "--max-upload-mb", "0");
        Assert.Equal(2, code);
        Assert.Contains("upload limit must be at least 1024 bytes; got 0", error);
        Assert.False(File.Exists(Path.Combine(temp.Path, "cranio.db")));
    }

    [Fact]
    public void UsersAddRefusesAnUnknownRole()
    {
        using var temp = new TempDirectory();
        var (code, _, error) = CliRunner.Run("users", "add", "alice", "--role", "admin", "--data", temp.Path);
        Assert.Equal(2, code);
        Assert.Contains("admin", error);
        Assert.False(File.Exists(Path.Combine(temp.Path, "cranio.db")));
    }
}
