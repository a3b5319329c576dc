// Times DicomSeriesReader.ListSeries and Read on a folder; prints one JSON line per measurement and the
// SHA-256 of the voxels (int16 little endian, x fastest) so the caller can check it against the reference reader.
using System.Diagnostics;
using System.Security.Cryptography;
using Cranio.IO.Dicom;

if (args.Length < 1)
{
    Console.Error.WriteLine("usage: DicomBench <dicom-folder> [repetitions=5]");
    return 2;
}
string folder = args[0];
int repetitions = args.Length > 1 ? int.Parse(args[1]) : 5;

var list = new List<double>();
var read = new List<double>();
Cranio.Volumes.Volume? volume = null;
for (int r = 0; r < repetitions; r++)
{
    var watch = Stopwatch.StartNew();
    int series = DicomSeriesReader.ListSeries(folder).Count;
    list.Add(watch.Elapsed.TotalSeconds);
    watch.Restart();
    volume = DicomSeriesReader.Read(folder);
    read.Add(watch.Elapsed.TotalSeconds);
    if (series != 1) throw new InvalidOperationException($"expected one series, found {series}");
}
string hash = Convert.ToHexStringLower(SHA256.HashData(volume!.RawBytes));
Console.WriteLine($"{{\"tool\": \"cranio\", \"list_s\": [{string.Join(", ", list.Select(t => t.ToString("0.000")))}], \"read_s\": [{string.Join(", ", read.Select(t => t.ToString("0.000")))}], " +
                  $"\"type\": \"{volume.VoxelType}\", \"size\": \"{volume.Grid.SizeX}x{volume.Grid.SizeY}x{volume.Grid.SizeZ}\", \"spacing\": \"{volume.Grid.Spacing}\", \"sha256\": \"{hash}\"}}");
return 0;
