using Cranio.IO;
using Cranio.Volumes;

namespace Cranio.Tests.IO;

public class NiftiGeometryTests
{
    private static Mat3 RandomRotation(Random random)
    {
        // Normalised Gaussian quaternion: uniform on SO(3).
        double a = Gaussian(random), b = Gaussian(random), c = Gaussian(random), d = Gaussian(random);
        double n = Math.Sqrt(a * a + b * b + c * c + d * d);
        if (a < 0) n = -n;
        return NiftiGeometry.QuaternionToRotation(b / n, c / n, d / n);
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private static double OrthogonalityError(Mat3 m) => (m.Transpose() * m).MaxAbsDifference(Mat3.Identity);

    [Fact]
    public void QuaternionToRotation_IsAProperRotation()
    {
        var random = new Random(11);
        for (int n = 0; n < 200; n++)
        {
            Mat3 r = RandomRotation(random);
            Assert.True(OrthogonalityError(r) < 1e-12);
            Assert.Equal(1.0, r.Determinant, 12);
        }
    }

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(-1, -1, 1)]
    [InlineData(-1, 1, -1)]
    [InlineData(1, -1, -1)]
    public void RotationToQuaternion_InvertsQuaternionToRotation_IncludingHalfTurns(int sx, int sy, int sz)
    {
        var halfTurnOrIdentity = Mat3.Diagonal(new Vec3(sx, sy, sz));
        var (b, c, d) = NiftiGeometry.RotationToQuaternion(halfTurnOrIdentity);
        Assert.True(NiftiGeometry.QuaternionToRotation(b, c, d).MaxAbsDifference(halfTurnOrIdentity) < 1e-15);

        var random = new Random(sx + 3 * sy + 9 * sz + 20);
        for (int n = 0; n < 200; n++)
        {
            Mat3 r = RandomRotation(random) * halfTurnOrIdentity;
            (b, c, d) = NiftiGeometry.RotationToQuaternion(r);
            Assert.True(b * b + c * c + d * d <= 1 + 1e-12);
            Assert.True(NiftiGeometry.QuaternionToRotation(b, c, d).MaxAbsDifference(r) < 1e-12);
        }
    }

    [Fact]
    public void NearestOrthogonal_KeepsAnOrthogonalMatrix()
    {
        var random = new Random(5);
        Mat3 r = RandomRotation(random) * Mat3.Diagonal(new Vec3(1, 1, -1));
        Assert.True(NiftiGeometry.NearestOrthogonal(r).MaxAbsDifference(r) < 1e-14);
    }

    [Fact]
    public void NearestOrthogonal_IsOrthogonal_KeepsDeterminantSign_AndIsLocallyClosest()
    {
        var random = new Random(7);
        for (int n = 0; n < 50; n++)
        {
            Mat3 m = RandomRotation(random) * new Mat3(
                1, 0.3 * random.NextDouble(), 0.2 * random.NextDouble(),
                0, 1, 0.3 * random.NextDouble(),
                0, 0, n % 2 == 0 ? 1 : -1);
            Mat3 q = NiftiGeometry.NearestOrthogonal(m);
            Assert.True(OrthogonalityError(q) < 1e-12);
            Assert.Equal(Math.Sign(m.Determinant), Math.Sign(q.Determinant));
            double best = Frobenius(m, q);
            for (int trial = 0; trial < 20; trial++)
            {
                Mat3 nudge = NiftiGeometry.QuaternionToRotation(1e-3 * Gaussian(random), 1e-3 * Gaussian(random), 1e-3 * Gaussian(random));
                Assert.True(Frobenius(m, nudge * q) >= best - 1e-12, "a nearby orthogonal matrix is closer");
            }
        }
    }

    private static double Frobenius(Mat3 a, Mat3 b)
    {
        double sum = 0;
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++)
                sum += (a[i, j] - b[i, j]) * (a[i, j] - b[i, j]);
        return Math.Sqrt(sum);
    }
}
