using Microsoft.Data.Sqlite;

namespace Cranio.Web;

/// <summary>
/// The embedded SQLite database of the web application (users, cases, jobs) in <c>DATA/cranio.db</c>. The schema is
/// created on first use; the journal is in WAL mode so that page reads never wait for a job's write.
/// </summary>
public sealed class CranioDatabase
{
    private const string Schema = """
        PRAGMA journal_mode = WAL;
        CREATE TABLE IF NOT EXISTS users (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            name TEXT NOT NULL UNIQUE COLLATE NOCASE,
            role TEXT NOT NULL,
            password TEXT NOT NULL,
            created TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS cases (
            id TEXT PRIMARY KEY,
            owner INTEGER NOT NULL REFERENCES users(id),
            name TEXT NOT NULL,
            input_name TEXT NOT NULL,
            input_path TEXT NOT NULL,
            input_kind TEXT NOT NULL,
            summary TEXT NOT NULL,
            created TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS cases_owner ON cases(owner);
        CREATE TABLE IF NOT EXISTS jobs (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            case_id TEXT NOT NULL REFERENCES cases(id),
            method TEXT NOT NULL,
            gap_mm REAL NOT NULL,
            smoothing INTEGER NOT NULL,
            status TEXT NOT NULL,
            stage TEXT NOT NULL DEFAULT '',
            fraction REAL NOT NULL DEFAULT 0,
            error TEXT,
            results TEXT,
            attempts INTEGER NOT NULL DEFAULT 0,
            created TEXT NOT NULL,
            started TEXT,
            finished TEXT);
        CREATE INDEX IF NOT EXISTS jobs_case ON jobs(case_id);
        CREATE INDEX IF NOT EXISTS jobs_status ON jobs(status);
        """;

    private readonly string _connectionString;

    /// <summary>Opens (creating when missing) the database at <paramref name="path"/> and its folder.</summary>
    public CranioDatabase(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = Path, Mode = SqliteOpenMode.ReadWriteCreate, DefaultTimeout = 30 }.ToString();
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = Schema;
        command.ExecuteNonQuery();
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <summary>An open connection with foreign keys enforced and a 5 s busy timeout; dispose it after use.</summary>
    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;";
        command.ExecuteNonQuery();
        return connection;
    }

    /// <summary>Runs one statement with named parameters (<c>$name</c>) and returns the rows changed.</summary>
    internal int Execute(string sql, params (string Name, object? Value)[] parameters)
    {
        using var connection = Open();
        using var command = Command(connection, sql, parameters);
        return command.ExecuteNonQuery();
    }

    /// <summary>Runs a query and maps each row with <paramref name="map"/>.</summary>
    internal List<T> Query<T>(string sql, Func<SqliteDataReader, T> map, params (string Name, object? Value)[] parameters)
    {
        using var connection = Open();
        using var command = Command(connection, sql, parameters);
        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read()) rows.Add(map(reader));
        return rows;
    }

    internal static SqliteCommand Command(SqliteConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }

    internal static string Now() => DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
