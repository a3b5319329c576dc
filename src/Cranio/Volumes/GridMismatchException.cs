namespace Cranio.Volumes;

/// <summary>
/// Two volumes that an operation combines do not share a voxel grid. The message names both and the first
/// field that differs (sizes, spacing, origin or direction).
/// </summary>
public sealed class GridMismatchException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="first">Name of the first volume (for example its file).</param>
    /// <param name="second">Name of the second volume.</param>
    /// <param name="difference">What differs, as from <see cref="Grid.DifferenceFrom"/>.</param>
    public GridMismatchException(string first, string second, string difference)
        : base($"{first} and {second} are not on the same grid: {difference}.")
    {
        First = first;
        Second = second;
        Difference = difference;
    }

    /// <summary>Name of the first volume.</summary>
    public string First { get; }

    /// <summary>Name of the second volume.</summary>
    public string Second { get; }

    /// <summary>The field that differs and both values.</summary>
    public string Difference { get; }
}
