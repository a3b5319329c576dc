using System.Security.Cryptography;

namespace Cranio.Web;

/// <summary>
/// Password hashing with PBKDF2-HMAC-SHA256 (<see cref="Rfc2898DeriveBytes.Pbkdf2(string, byte[], int, HashAlgorithmName, int)"/>):
/// a random 16-byte salt per password, a 32-byte key, and a constant-time comparison on verification. The stored
/// form is <c>pbkdf2-sha256$ITERATIONS$SALT$KEY</c> (salt and key in base 64), so the iteration count can grow
/// without invalidating old hashes.
/// </summary>
public static class PasswordHasher
{
    /// <summary>Default iteration count for new hashes: 210 000. (OWASP's 2023 guidance is 600 000 for PBKDF2-HMAC-SHA256;
    /// 210 000 keeps a sign-in near a tenth of a second on one core of a small server. Raise it with
    /// <see cref="WebOptions.PasswordIterations"/>; stored hashes keep their own count.)</summary>
    public const int DefaultIterations = 210_000;

    /// <summary>Fewest iterations accepted when hashing (100 000).</summary>
    public const int MinimumIterations = 100_000;

    private const string Scheme = "pbkdf2-sha256";
    private const int SaltBytes = 16, KeyBytes = 32;

    /// <summary>Hashes <paramref name="password"/> with a fresh random salt.</summary>
    /// <exception cref="ArgumentException">The password is shorter than 8 characters or the iteration count is below <see cref="MinimumIterations"/>.</exception>
    public static string Hash(string password, int iterations = DefaultIterations)
    {
        ArgumentNullException.ThrowIfNull(password);
        if (password.Length < 8) throw new ArgumentException($"A password needs at least 8 characters; got {password.Length}.", nameof(password));
        if (iterations < MinimumIterations) throw new ArgumentException($"PBKDF2 needs at least {MinimumIterations} iterations; got {iterations}.", nameof(iterations));
        byte[] salt = RandomNumberGenerator.GetBytes(SaltBytes);
        byte[] key = Rfc2898DeriveBytes.Pbkdf2(password, salt, iterations, HashAlgorithmName.SHA256, KeyBytes);
        return $"{Scheme}${iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(key)}";
    }

    /// <summary>
    /// Whether <paramref name="password"/> matches <paramref name="stored"/> (a string made by <see cref="Hash"/>).
    /// The keys are compared in constant time; a malformed stored hash never matches.
    /// </summary>
    public static bool Verify(string password, string stored)
    {
        string[] parts = stored.Split('$');
        if (parts.Length != 4 || parts[0] != Scheme || !int.TryParse(parts[1], out int iterations) || iterations < MinimumIterations) return false;
        byte[] salt, expected;
        try
        {
            salt = Convert.FromBase64String(parts[2]);
            expected = Convert.FromBase64String(parts[3]);
        }
        catch (FormatException)
        {
            return false;
        }
        byte[] actual = Rfc2898DeriveBytes.Pbkdf2(password, salt, iterations, HashAlgorithmName.SHA256, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }
}
