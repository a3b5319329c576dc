namespace Cranio.Learning;

/// <summary>
/// One part of a convolution's input channels: <see cref="Channels"/> channels of a (N, Channels, D / Scale,
/// H / Scale, W / Scale) array, read as if upsampled by nearest neighbour by <see cref="Scale"/> (1 = as it is). A list
/// of sources is read as their concatenation along the channel axis, in order, without that concatenation (or the
/// upsampled arrays) being written out.
/// </summary>
/// <param name="Data">The values, last axis fastest.</param>
/// <param name="Channels">The number of channels.</param>
/// <param name="Scale">The nearest-neighbour upsampling factor on every spatial axis (≥ 1).</param>
internal readonly record struct ChannelSource(float[] Data, int Channels, int Scale);
