using Cranio.Volumes;

namespace Cranio.Tests.Design;

/// <summary>Dice coefficient of two masks on the same grid, for the design tests.</summary>
internal static class Overlap
{
    public static double Dice(Volume<byte> a, Volume<byte> b)
    {
        long both = 0, sum = 0;
        for (long i = 0; i < a.Data.LongLength; i++)
        {
            both += a.Data[i] & b.Data[i];
            sum += a.Data[i] + b.Data[i];
        }
        return sum == 0 ? 1 : 2.0 * both / sum;
    }
}
