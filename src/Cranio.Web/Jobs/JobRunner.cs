using System.Diagnostics;
using Cranio.IO;
using Cranio.Volumes;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Cranio.Web;

/// <summary>
/// The background job queue: <see cref="WebOptions.Workers"/> workers each claim the oldest queued job, run the
/// case processor into <c>cases/CASE/jobs/JOB</c> (emptied first, so an interrupted attempt leaves nothing behind)
/// and store the results with the status in one update. At start, jobs a previous process left running go back to
/// the queue; when the server stops, the running jobs are cancelled and re-queued.
/// </summary>
internal sealed class JobRunner(JobStore jobs, CaseStore cases, ICaseProcessor processor, WebOptions options, ILogger<JobRunner> log) : BackgroundService
{
    private readonly SemaphoreSlim _wake = new(0);

    /// <summary>Wakes an idle worker: a job was queued.</summary>
    public void Notify() => _wake.Release();

    public static string JobFolder(CaseStore cases, string caseId, long jobId) => Path.Combine(cases.Folder(caseId), "jobs", jobId.ToString(System.Globalization.CultureInfo.InvariantCulture));

    protected override Task ExecuteAsync(CancellationToken stopping)
    {
        int requeued = jobs.RequeueInterrupted();
        if (requeued > 0) log.LogWarning("Re-queued {Count} job(s) interrupted by the last shutdown.", requeued);
        // Each worker is a dedicated thread: a job runs for seconds to minutes and must not hold a thread-pool thread the pages need.
        return Task.WhenAll(Enumerable.Range(0, options.Workers).Select(_ =>
            Task.Factory.StartNew(() => Work(stopping), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)));
    }

    private void Work(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            JobRecord? job = jobs.ClaimNext();
            if (job is null)
            {
                try
                {
                    _wake.Wait(TimeSpan.FromSeconds(2), stopping);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                continue;
            }
            Run(job, stopping);
        }
    }

    private void Run(JobRecord job, CancellationToken stopping)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            CaseRecord @case = cases.Get(job.CaseId) ?? throw new InvalidOperationException($"Case {job.CaseId} of job {job.Id} no longer exists.");
            string folder = JobFolder(cases, job.CaseId, job.Id);
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
            Directory.CreateDirectory(folder);
            string input = Path.Combine(cases.Folder(job.CaseId), @case.InputPath);
            var progress = new StoredProgress(jobs, job.Id);
            CaseResults results = processor.Process(input, @case.Kind, job.Parameters, folder, progress, stopping);
            foreach (string file in results.Files())
            {
                if (!File.Exists(Path.Combine(folder, file)))
                    throw new InvalidOperationException($"The pipeline named the output \"{file}\" but did not write it.");
            }
            if (!jobs.Complete(job.Id, results)) log.LogWarning("Job {Id} finished but was no longer running.", job.Id);
            else log.LogInformation("Job {Id} done in {Seconds:0.0} s.", job.Id, clock.Elapsed.TotalSeconds);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            jobs.Requeue(job.Id);
            log.LogInformation("Job {Id} interrupted by shutdown; re-queued.", job.Id);
        }
        catch (Exception e) when (e is CranioFormatException or GridMismatchException or ArgumentException or InvalidOperationException or IOException or NotSupportedException)
        {
            jobs.Fail(job.Id, e.Message);
            log.LogWarning("Job {Id} failed: {Message}", job.Id, e.Message);
        }
        catch (Exception e)
        {
            jobs.Fail(job.Id, $"internal error ({e.GetType().Name}): {e.Message}");
            log.LogError(e, "Job {Id} failed.", job.Id);
        }
    }

    /// <summary>Writes progress to the job's row when the stage changes or at most every 0.25 s.</summary>
    private sealed class StoredProgress(JobStore jobs, long id) : IProgress<JobProgress>
    {
        private readonly Lock _gate = new();
        private readonly Stopwatch _since = Stopwatch.StartNew();
        private string _stage = "";

        public void Report(JobProgress value)
        {
            lock (_gate)
            {
                if (value.Stage == _stage && _since.ElapsedMilliseconds < 250) return;
                _stage = value.Stage;
                _since.Restart();
            }
            jobs.ReportProgress(id, value with { Fraction = Math.Clamp(value.Fraction, 0, 1) });
        }
    }
}
