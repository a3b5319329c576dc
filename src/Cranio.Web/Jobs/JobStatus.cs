namespace Cranio.Web;

/// <summary>Where a job is in its life: queued → running → done or failed. A running job interrupted by a restart goes back to queued.</summary>
public enum JobStatus
{
    /// <summary>Waiting for a worker.</summary>
    Queued,

    /// <summary>A worker is running it.</summary>
    Running,

    /// <summary>Finished; its results are stored with it.</summary>
    Done,

    /// <summary>Stopped by an error, stored with it.</summary>
    Failed,
}
