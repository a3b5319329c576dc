using Microsoft.Data.Sqlite;

namespace Cranio.Web;

/// <summary>A signed-up user.</summary>
/// <param name="Id">Database id.</param>
/// <param name="Name">Sign-in name (unique, case-insensitive).</param>
/// <param name="Role">What the user may do.</param>
public sealed record UserAccount(long Id, string Name, UserRole Role);

/// <summary>Users in the database: adding them (<c>cranio users add</c>) and checking passwords at sign-in.</summary>
public sealed class UserStore(CranioDatabase database, int passwordIterations = PasswordHasher.DefaultIterations)
{
    /// <summary>Adds a user with a PBKDF2 hash of <paramref name="password"/>.</summary>
    /// <exception cref="ArgumentException">The name is not 1–64 letters, digits, '.', '-', '_' or '@', the password is
    /// shorter than 8 characters, or the name is taken.</exception>
    public UserAccount Add(string name, UserRole role, string password)
    {
        ValidateName(name);
        string hash = PasswordHasher.Hash(password, passwordIterations);
        try
        {
            database.Execute("INSERT INTO users(name, role, password, created) VALUES($n, $r, $p, $c)",
                ("$n", name), ("$r", role.ToString().ToLowerInvariant()), ("$p", hash), ("$c", CranioDatabase.Now()));
        }
        catch (SqliteException e) when (e.SqliteErrorCode == 19)
        {
            throw new ArgumentException($"A user named \"{name}\" already exists.", nameof(name), e);
        }
        return Find(name)!;
    }

    /// <summary>The user named <paramref name="name"/> (case-insensitive), or null.</summary>
    public UserAccount? Find(string name) =>
        database.Query("SELECT id, name, role FROM users WHERE name = $n", Read, ("$n", name)).FirstOrDefault();

    /// <summary>The user with <paramref name="password"/>, or null when the name is unknown or the password wrong.
    /// An unknown name costs one hash too, so timing does not tell which names exist.</summary>
    public UserAccount? Verify(string name, string password)
    {
        var row = database.Query("SELECT id, name, role, password FROM users WHERE name = $n", r => (User: Read(r), Hash: r.GetString(3)), ("$n", name)).FirstOrDefault();
        if (row.User is null)
        {
            PasswordHasher.Verify(password, _dummyHash.Value);
            return null;
        }
        return PasswordHasher.Verify(password, row.Hash) ? row.User : null;
    }

    /// <summary>Number of users.</summary>
    public int Count() => database.Query("SELECT COUNT(*) FROM users", r => r.GetInt32(0))[0];

    private readonly Lazy<string> _dummyHash = new(() => PasswordHasher.Hash("not-a-password", passwordIterations));

    private static UserAccount Read(SqliteDataReader r) =>
        new(r.GetInt64(0), r.GetString(1), Enum.Parse<UserRole>(r.GetString(2), ignoreCase: true));

    private static void ValidateName(string name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > 64 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or '@'))
            throw new ArgumentException($"A user name must be 1–64 letters, digits, '.', '-', '_' or '@'; got \"{name}\".", nameof(name));
    }
}
