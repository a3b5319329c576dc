// Times Cranio's marching cubes on a skull mask and exports the same mask (raw uint8, z-y-x order, with its
// spacing) for the scikit-image side of bench/meshing/run.sh. Usage: MeshingBench <mask.nrrd> <export-dir> [repeats]
using System.Diagnostics;
using System.Globalization;
using Cranio.IO;
using Cranio.Meshing;
using Cranio.Volumes;

if (args.Length < 2)
{
    Console.Error.WriteLine("usage: MeshingBench <mask.nrrd> <export-dir> [repeats=3]");
    return 2;
}
int repeats = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 3;
Volume<byte> mask = VolumeFile.Read(args[0]) switch
{
    Volume<byte> bytes => bytes,
    Volume<int> ints => ints.ToMask(1),
    var other => other.ConvertTo<double>().ToMask(1),
};
Grid g = mask.Grid;
Directory.CreateDirectory(args[1]);
File.WriteAllBytes(Path.Combine(args[1], "mask.raw"), mask.Data);
File.WriteAllText(Path.Combine(args[1], "mask.txt"), string.Create(CultureInfo.InvariantCulture,
    $"{g.SizeZ} {g.SizeY} {g.SizeX} {g.Spacing.Z:R} {g.Spacing.Y:R} {g.Spacing.X:R}\n"));

double best = double.PositiveInfinity;
TriangleMesh mesh = TriangleMesh.Empty;
for (int i = 0; i < repeats; i++)
{
    GC.Collect();
    var watch = Stopwatch.StartNew();
    mesh = MarchingCubes.FromMask(mask);
    best = Math.Min(best, watch.Elapsed.TotalSeconds);
}
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"cranio  {g.SizeX}x{g.SizeY}x{g.SizeZ}  best of {repeats}: {best:F3} s  vertices {mesh.VertexCount}  triangles {mesh.TriangleCount}  area {mesh.SurfaceArea():F0} mm2  volume {mesh.SignedVolume():F0} mm3  closed manifold {mesh.CheckTopology().IsClosedManifold}"));

var smoothWatch = Stopwatch.StartNew();
TriangleMesh smooth = TaubinSmoothing.Run(mesh);
double smoothSeconds = smoothWatch.Elapsed.TotalSeconds;
var decimateWatch = Stopwatch.StartNew();
TriangleMesh small = QuadricDecimation.Run(smooth, new QuadricDecimationOptions(smooth.TriangleCount / 10));
double decimateSeconds = decimateWatch.Elapsed.TotalSeconds;
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"cranio  Taubin 20 iterations: {smoothSeconds:F3} s (area {smooth.SurfaceArea():F0} mm2, volume {smooth.SignedVolume():F0} mm3); " +
    $"decimation to 10 %: {decimateSeconds:F3} s ({small.TriangleCount} triangles, volume {small.SignedVolume():F0} mm3, closed manifold {small.CheckTopology().IsClosedManifold})"));
return 0;
