using System.Diagnostics;

namespace Cranio.Design;

/// <summary>
/// Times the stages of a design or a pipeline run: each <see cref="Lap"/> records the wall time since the previous
/// one under the stage's name and then checks for cancellation.
/// </summary>
/// <param name="cancellationToken">Checked after every lap.</param>
public sealed class StageClock(CancellationToken cancellationToken = default)
{
    private readonly List<StageTiming> _timings = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    /// <summary>The stages timed so far, in order.</summary>
    public IReadOnlyList<StageTiming> Timings => _timings;

    /// <summary>Ends the stage named <paramref name="stage"/> and starts the next.</summary>
    /// <exception cref="OperationCanceledException">Cancellation was requested.</exception>
    public void Lap(string stage)
    {
        _timings.Add(new StageTiming(stage, _clock.Elapsed));
        _clock.Restart();
        cancellationToken.ThrowIfCancellationRequested();
    }
}
