// Times Cranio's VolumeFile.Write and VolumeFile.Read of a 512×512×300 int32 skull-like mask as gzip NRRD and
// .nii.gz; see bench/io/run.sh. The format follows the file name (.nrrd or .nii.gz).
// Each operation is timed by wall clock and by the process's CPU time (user + system, all threads), which a
// loaded machine disturbs less.
// Usage: IoBench write PATH REPEATS   writes the generated mask REPEATS times
//        IoBench read PATH REPEATS    reads PATH REPEATS times, then checks voxels and geometry against the mask
using System.Diagnostics;
using System.Security.Cryptography;
using Cranio.IO;
using Cranio.Volumes;

if (args.Length != 3 || !int.TryParse(args[2], out int repeats) || repeats < 1)
{
    Console.Error.WriteLine("Usage: IoBench write|read PATH REPEATS");
    return 2;
}
string mode = args[0], path = args[1];
string format = VolumeFile.FormatOfExtension(path)?.ToString() ?? "?";
var times = new List<double>();
var cpuTimes = new List<double>();
Volume<int> mask = ShellMask();
if (mode == "write")
{
    for (int r = 0; r < repeats; r++)
    {
        TimeSpan cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        VolumeFile.Write(mask, path);
        times.Add(watch.Elapsed.TotalSeconds);
        cpuTimes.Add((Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds);
    }
    Console.WriteLine($"cranio write {Path.GetFileName(path)}: {new FileInfo(path).Length} bytes, nonzero {mask.CountNonZero()}");
}
else if (mode == "read")
{
    Volume? volume = null;
    for (int r = 0; r < repeats; r++)
    {
        volume = null;
        GC.Collect();
        TimeSpan cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        volume = VolumeFile.Read(path);
        times.Add(watch.Elapsed.TotalSeconds);
        cpuTimes.Add((Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds);
    }
    Grid g = volume!.Grid;
    Console.WriteLine($"cranio read {Path.GetFileName(path)}: {volume.VoxelType} {g.SizeX}x{g.SizeY}x{g.SizeZ}, nonzero {volume.CountNonZero()}, " +
                      $"voxels sha256 {Convert.ToHexStringLower(SHA256.HashData(volume.RawBytes))}");
    // NIfTI stores the affine in float32: geometry agrees to ~1e-6 relative, well inside the 1e-4 tolerance.
    string? difference = volume.VoxelType != VoxelType.Int32 ? $"voxel type {volume.VoxelType}, expected Int32" : g.DifferenceFrom(mask.Grid);
    if (difference is not null || !mask.RawBytes.SequenceEqual(volume.RawBytes))
    {
        Console.Error.WriteLine($"MISMATCH {path}: {difference ?? "voxels differ from the generated mask"}");
        return 1;
    }
    Console.WriteLine($"check {Path.GetFileName(path)}: voxels identical to the generated mask; geometry equal (origin {g.Origin}, spacing {g.Spacing})");
}
else
{
    Console.Error.WriteLine($"Unknown mode {mode}; expected write or read.");
    return 2;
}
times.Sort();
cpuTimes.Sort();
Console.WriteLine($"RESULT cranio {mode} {format} best {times[0]:F3} s median {times[times.Count / 2]:F3} s cpu {cpuTimes[0]:F3} s over {repeats}");
return 0;

// An ellipsoidal shell 6 mm thick (semi-axes 75, 95, 85 mm) cut below z = 40 mm: the shape and sparsity of a skull
// mask, on an oblique grid (rotated 0.1 rad about x) so that direction handling is exercised.
static Volume<int> ShellMask()
{
    var grid = new Grid(512, 512, 300, new Vec3(0.45, 0.45, 0.625), new Vec3(-115, -115, -90),
        Mat3.FromColumns(new Vec3(1, 0, 0), new Vec3(0, Math.Cos(0.1), -Math.Sin(0.1)), new Vec3(0, Math.Sin(0.1), Math.Cos(0.1))));
    var mask = new Volume<int>(grid);
    Parallel.For(0, grid.SizeZ, z =>
    {
        Span<int> slice = mask.Slice(z);
        for (int y = 0; y < grid.SizeY; y++)
        for (int x = 0; x < grid.SizeX; x++)
        {
            double px = (x - 256) * 0.45, py = (y - 256) * 0.45, pz = (z - 100) * 0.625;
            if (pz < -40) continue;
            double outer = Math.Sqrt(px * px / (75 * 75.0) + py * py / (95 * 95.0) + pz * pz / (85 * 85.0));
            double inner = Math.Sqrt(px * px / (69 * 69.0) + py * py / (89 * 89.0) + pz * pz / (79 * 79.0));
            if (outer <= 1 && inner > 1) slice[x + 512 * y] = 1;
        }
    });
    return mask;
}
