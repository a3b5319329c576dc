using System.Runtime.ExceptionServices;

namespace Cranio.IO.Dicom;

/// <summary>
/// Runs one action per file in parallel. When some fail, the exception of the lowest index is rethrown as it was
/// (not wrapped in an <see cref="AggregateException"/>), so the error a user sees does not depend on scheduling.
/// </summary>
internal static class ParallelFiles
{
    public static void For(int count, Action<int> body)
    {
        var failures = new Exception?[count];
        Parallel.For(0, count, index =>
        {
            try
            {
                body(index);
            }
            catch (Exception e)
            {
                failures[index] = e;
            }
        });
        foreach (Exception? failure in failures)
            if (failure is not null) ExceptionDispatchInfo.Capture(failure).Throw();
    }
}
