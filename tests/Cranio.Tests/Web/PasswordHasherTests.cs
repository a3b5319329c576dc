using Cranio.Web;

namespace Cranio.Tests.Web;

public sealed class PasswordHasherTests
{
    [Fact]
    public void AHashVerifiesItsPasswordOnlyAndIsSaltedPerCall()
    {
        string a = PasswordHasher.Hash("correct horse", PasswordHasher.MinimumIterations);
        string b = PasswordHasher.Hash("correct horse", PasswordHasher.MinimumIterations);
        Assert.NotEqual(a, b);
        Assert.StartsWith("pbkdf2-sha256$100000$", a);
        Assert.True(PasswordHasher.Verify("correct horse", a));
        Assert.True(PasswordHasher.Verify("correct horse", b));
        Assert.False(PasswordHasher.Verify("correct horsE", a));
        Assert.False(PasswordHasher.Verify("", a));
    }

    [Fact]
    public void TheStoredKeyIsPbkdf2Sha256OfThePasswordAndSalt()
    {
        string stored = PasswordHasher.Hash("a long password", PasswordHasher.MinimumIterations);
        string[] parts = stored.Split('$');
        byte[] salt = Convert.FromBase64String(parts[2]);
        byte[] expected = System.Security.Cryptography.Rfc2898DeriveBytes.Pbkdf2("a long password", salt, 100_000, System.Security.Cryptography.HashAlgorithmName.SHA256, 32);
        Assert.Equal(16, salt.Length);
        Assert.Equal(Convert.ToBase64String(expected), parts[3]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("pbkdf2-sha256$100000$AAAA")]
    [InlineData("md5$100000$AAAA$AAAA")]
    [InlineData("pbkdf2-sha256$10$AAAA$AAAA")]
    [InlineData("pbkdf2-sha256$100000$not base64!$AAAA")]
    public void MalformedStoredHashesNeverMatch(string stored) => Assert.False(PasswordHasher.Verify("anything", stored));

    [Fact]
    public void ShortPasswordsAndTooFewIterationsAreRefused()
    {
        Assert.Contains("at least 8 characters; got 5", Assert.Throws<ArgumentException>(() => PasswordHasher.Hash("short")).Message);
        Assert.Contains("at least 100000 iterations; got 1000", Assert.Throws<ArgumentException>(() => PasswordHasher.Hash("long enough", 1000)).Message);
    }
}
