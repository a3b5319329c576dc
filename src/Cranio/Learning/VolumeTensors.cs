using System.Numerics;
using Cranio.Volumes;

namespace Cranio.Learning;

/// <summary>
/// Moves voxels between volumes and network tensors. A volume of SizeX × SizeY × SizeZ (x fastest) is the tensor
/// (1, 1, D, H, W) = (1, 1, SizeZ, SizeY, SizeX) with the same element order, so no reordering happens. A tensor
/// carries no geometry: the way back takes the grid explicitly, which is how a network's output inherits its
/// input's spacing, origin and direction.
/// </summary>
public static class VolumeTensors
{
    /// <summary>The volume's voxels as float32 in a (1, 1, SizeZ, SizeY, SizeX) tensor.</summary>
    public static Tensor FromVolume<T>(Volume<T> volume) where T : unmanaged, INumber<T>
    {
        ArgumentNullException.ThrowIfNull(volume);
        var g = volume.Grid;
        var tensor = new Tensor(1, 1, g.SizeZ, g.SizeY, g.SizeX);
        var source = volume.Data;
        Functional.Blocks(tensor.Length, (start, count) =>
        {
            for (int i = start; i < start + count; i++) tensor.Data[i] = float.CreateTruncating(source[i]);
        });
        return tensor;
    }

    /// <summary>
    /// Channel <paramref name="channel"/> of batch item <paramref name="batch"/> of a rank-5 tensor as a float volume on
    /// <paramref name="grid"/> (typically the grid of the volume the input came from).
    /// </summary>
    /// <exception cref="ArgumentException">The tensor is not rank 5, the indices are out of range, or (D, H, W) is not (SizeZ, SizeY, SizeX); the message gives both.</exception>
    public static Volume<float> ToVolume(Tensor tensor, Grid grid, int batch = 0, int channel = 0)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        ArgumentNullException.ThrowIfNull(grid);
        tensor.EnsureRank5(nameof(ToVolume));
        if ((uint)batch >= (uint)tensor.N || (uint)channel >= (uint)tensor.C)
            throw new ArgumentException($"Batch {batch}, channel {channel} is outside the tensor {tensor.ShapeString}.");
        if (tensor.D != grid.SizeZ || tensor.H != grid.SizeY || tensor.W != grid.SizeX)
            throw new ArgumentException($"Tensor {tensor.ShapeString} has (D, H, W) = ({tensor.D}, {tensor.H}, {tensor.W}); the grid needs (SizeZ, SizeY, SizeX) = ({grid.SizeZ}, {grid.SizeY}, {grid.SizeX}).", nameof(grid));
        int plane = tensor.D * tensor.H * tensor.W;
        var data = tensor.Data.AsSpan((batch * tensor.C + channel) * plane, plane).ToArray();
        return new Volume<float>(grid, data);
    }
}
