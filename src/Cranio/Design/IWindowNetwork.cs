using Cranio.Learning;

namespace Cranio.Design;

/// <summary>
/// A network that runs on a <see cref="PatchWindow"/>'s working grid, together with the window settings it was
/// trained with: what <see cref="PatchTrainer"/> trains and checkpoints, whichever model it is.
/// </summary>
public interface IWindowNetwork
{
    /// <summary>The network.</summary>
    SkipAutoencoder3d Network { get; }

    /// <summary>The window settings.</summary>
    PatchWindowOptions Window { get; }

    /// <summary>Architecture and window as checkpoint metadata, with "model" naming the model.</summary>
    Dictionary<string, string> ToMetadata();
}
