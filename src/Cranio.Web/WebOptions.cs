namespace Cranio.Web;

/// <summary>
/// Settings of the Cranio web application, validated in the constructor. Everything the server keeps (the SQLite
/// database <c>cranio.db</c>, uploads and results under <c>cases/</c>) lives in <see cref="DataDirectory"/>.
/// </summary>
public sealed record WebOptions
{
    /// <summary>Creates validated options.</summary>
    /// <param name="dataDirectory">Folder for the database and the case files; created when missing.</param>
    /// <param name="urls">Addresses Kestrel listens on, separated by ';' (default <c>http://127.0.0.1:5080</c>; port 0 picks a free one).</param>
    /// <param name="maxUploadBytes">Largest accepted upload in bytes (default 1 GiB).</param>
    /// <param name="workers">Jobs run at the same time (default: one per core).</param>
    /// <param name="loginAttemptsPerMinute">Sign-in attempts accepted per client address per minute (default 10); more answer 429.</param>
    /// <param name="passwordIterations">PBKDF2-SHA256 iterations for new password hashes (default 210 000; at least 100 000).</param>
    public WebOptions(string dataDirectory, string urls = "http://127.0.0.1:5080", long maxUploadBytes = 1L << 30,
        int? workers = null, int loginAttemptsPerMinute = 10, int passwordIterations = PasswordHasher.DefaultIterations)
    {
        if (string.IsNullOrWhiteSpace(dataDirectory)) throw new ArgumentException("The data folder must be named; got an empty path.", nameof(dataDirectory));
        if (string.IsNullOrWhiteSpace(urls)) throw new ArgumentException("At least one URL to listen on is needed; got none.", nameof(urls));
        if (maxUploadBytes < 1024) throw new ArgumentException($"The upload limit must be at least 1024 bytes; got {maxUploadBytes}.", nameof(maxUploadBytes));
        int w = workers ?? Environment.ProcessorCount;
        if (w is < 1 or > 64) throw new ArgumentException($"Workers must be 1–64; got {w}.", nameof(workers));
        if (loginAttemptsPerMinute is < 1 or > 100_000) throw new ArgumentException($"Login attempts per minute must be 1–100000; got {loginAttemptsPerMinute}.", nameof(loginAttemptsPerMinute));
        if (passwordIterations < PasswordHasher.MinimumIterations)
            throw new ArgumentException($"PBKDF2 needs at least {PasswordHasher.MinimumIterations} iterations; got {passwordIterations}.", nameof(passwordIterations));
        DataDirectory = Path.GetFullPath(dataDirectory);
        Urls = urls;
        MaxUploadBytes = maxUploadBytes;
        Workers = w;
        LoginAttemptsPerMinute = loginAttemptsPerMinute;
        PasswordIterations = passwordIterations;
    }

    /// <summary>Absolute path of the folder holding the database and the case files.</summary>
    public string DataDirectory { get; }

    /// <summary>Addresses to listen on, separated by ';'.</summary>
    public string Urls { get; }

    /// <summary>Largest accepted upload in bytes.</summary>
    public long MaxUploadBytes { get; }

    /// <summary>Jobs run at the same time.</summary>
    public int Workers { get; }

    /// <summary>Sign-in attempts accepted per client address per minute.</summary>
    public int LoginAttemptsPerMinute { get; }

    /// <summary>PBKDF2-SHA256 iterations for new password hashes.</summary>
    public int PasswordIterations { get; }

    /// <summary>Path of the SQLite database.</summary>
    public string DatabasePath => Path.Combine(DataDirectory, "cranio.db");
}
