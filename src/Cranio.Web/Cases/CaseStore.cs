using System.Security.Cryptography;
using Microsoft.Data.Sqlite;

namespace Cranio.Web;

/// <summary>Cases in the database and their folders under <c>DATA/cases/ID</c>. Every lookup is by owner: another user's case is not found.</summary>
internal sealed class CaseStore(CranioDatabase database, string dataDirectory)
{
    public string CasesDirectory { get; } = Path.Combine(dataDirectory, "cases");

    public string Folder(string caseId) => Path.Combine(CasesDirectory, caseId);

    public static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));

    public void Add(CaseRecord record) =>
        database.Execute("INSERT INTO cases(id, owner, name, input_name, input_path, input_kind, summary, created) VALUES($i, $o, $n, $in, $ip, $k, $s, $c)",
            ("$i", record.Id), ("$o", record.Owner), ("$n", record.Name), ("$in", record.InputName), ("$ip", record.InputPath),
            ("$k", record.Kind.ToString()), ("$s", record.Summary), ("$c", record.Created));

    /// <summary>The case <paramref name="id"/> if <paramref name="owner"/> owns it, else null.</summary>
    public CaseRecord? Get(string id, long owner) =>
        database.Query($"SELECT {Columns} FROM cases WHERE id = $i AND owner = $o", Read, ("$i", id), ("$o", owner)).FirstOrDefault();

    /// <summary>The case <paramref name="id"/> whoever owns it (for the job runner).</summary>
    public CaseRecord? Get(string id) => database.Query($"SELECT {Columns} FROM cases WHERE id = $i", Read, ("$i", id)).FirstOrDefault();

    public List<CaseRecord> List(long owner) =>
        database.Query($"SELECT {Columns} FROM cases WHERE owner = $o ORDER BY created DESC", Read, ("$o", owner));

    private const string Columns = "id, owner, name, input_name, input_path, input_kind, summary, created";

    private static CaseRecord Read(SqliteDataReader r) => new(r.GetString(0), r.GetInt64(1), r.GetString(2), r.GetString(3), r.GetString(4),
        Enum.Parse<CaseInputKind>(r.GetString(5)), r.GetString(6), r.GetString(7));
}
