using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Cranio.Web;

/// <summary>
/// Jobs in the database. A job is claimed by one atomic UPDATE (queued → running), finished by one UPDATE that
/// stores the results together with the status (running → done), so a job is never run twice to completion and a
/// crash leaves it running, to be re-queued by <see cref="RequeueInterrupted"/> at the next start. Every change made
/// through the store completes <see cref="NextChange"/>, which the job event stream waits on.
/// </summary>
internal sealed class JobStore(CranioDatabase database)
{
    private const string Columns = "id, case_id, method, gap_mm, smoothing, status, stage, fraction, error, results, attempts, created, started, finished";

    private TaskCompletionSource _change = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>
    /// A task that completes at the next change of any job made through this store (queued, claimed, progressed,
    /// finished, failed or re-queued). Take it before reading the jobs, so no change between the read and the wait is missed.
    /// </summary>
    public Task NextChange => Volatile.Read(ref _change).Task;

    /// <summary>Completes <see cref="NextChange"/> when <paramref name="rows"/> jobs changed (any), and returns <paramref name="rows"/>.</summary>
    private int Changed(int rows)
    {
        if (rows > 0) Interlocked.Exchange(ref _change, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
        return rows;
    }

    public long Enqueue(string caseId, DesignParameters parameters)
    {
        using var connection = database.Open();
        using var command = CranioDatabase.Command(connection,
            "INSERT INTO jobs(case_id, method, gap_mm, smoothing, status, created) VALUES($c, $m, $g, $s, 'Queued', $t) RETURNING id",
            ("$c", caseId), ("$m", parameters.Method), ("$g", parameters.ClinicalGapMm), ("$s", parameters.SmoothingIterations), ("$t", CranioDatabase.Now()));
        long id = (long)command.ExecuteScalar()!;
        Changed(1);
        return id;
    }

    /// <summary>Claims the oldest queued job (queued → running, attempts + 1) or returns null when none waits.</summary>
    public JobRecord? ClaimNext()
    {
        JobRecord? claimed = database.Query($"""
            UPDATE jobs SET status = 'Running', attempts = attempts + 1, started = $t, stage = 'starting', fraction = 0, error = NULL
            WHERE id = (SELECT id FROM jobs WHERE status = 'Queued' ORDER BY id LIMIT 1) AND status = 'Queued'
            RETURNING {Columns}
            """, Read, ("$t", CranioDatabase.Now())).FirstOrDefault();
        Changed(claimed is null ? 0 : 1);
        return claimed;
    }

    /// <summary>Running → done with <paramref name="results"/>, in one statement; false when the job was not running.</summary>
    public bool Complete(long id, CaseResults results) => Changed(
        database.Execute("UPDATE jobs SET status = 'Done', results = $r, stage = 'done', fraction = 1, finished = $t WHERE id = $i AND status = 'Running'",
            ("$r", JsonSerializer.Serialize(results)), ("$t", CranioDatabase.Now()), ("$i", id))) == 1;

    public bool Fail(long id, string error) => Changed(
        database.Execute("UPDATE jobs SET status = 'Failed', error = $e, finished = $t WHERE id = $i AND status = 'Running'",
            ("$e", error), ("$t", CranioDatabase.Now()), ("$i", id))) == 1;

    /// <summary>Running → queued (the server is stopping while the job runs).</summary>
    public bool Requeue(long id) => Changed(
        database.Execute("UPDATE jobs SET status = 'Queued', stage = '', fraction = 0 WHERE id = $i AND status = 'Running'", ("$i", id))) == 1;

    /// <summary>Puts every job left running by a previous process back in the queue; returns how many.</summary>
    public int RequeueInterrupted() => Changed(
        database.Execute("UPDATE jobs SET status = 'Queued', stage = '', fraction = 0 WHERE status = 'Running'"));

    public void ReportProgress(long id, JobProgress progress) => _ = Changed(
        database.Execute("UPDATE jobs SET stage = $s, fraction = $f WHERE id = $i AND status = 'Running'", ("$s", progress.Stage), ("$f", progress.Fraction), ("$i", id)));

    public JobRecord? Get(long id) => database.Query($"SELECT {Columns} FROM jobs WHERE id = $i", Read, ("$i", id)).FirstOrDefault();

    public List<JobRecord> ForCase(string caseId) => database.Query($"SELECT {Columns} FROM jobs WHERE case_id = $c ORDER BY id", Read, ("$c", caseId));

    public int CountWithStatus(JobStatus status) =>
        database.Query("SELECT COUNT(*) FROM jobs WHERE status = $s", r => r.GetInt32(0), ("$s", status.ToString()))[0];

    private static JobRecord Read(SqliteDataReader r) => new(
        r.GetInt64(0), r.GetString(1), new DesignParameters(r.GetString(2), r.GetDouble(3), r.GetInt32(4)),
        Enum.Parse<JobStatus>(r.GetString(5)), r.GetString(6), r.GetDouble(7),
        r.IsDBNull(8) ? null : r.GetString(8),
        r.IsDBNull(9) ? null : JsonSerializer.Deserialize<CaseResults>(r.GetString(9)),
        r.GetInt32(10), r.GetString(11), r.IsDBNull(12) ? null : r.GetString(12), r.IsDBNull(13) ? null : r.GetString(13));
}
