using System.Globalization;
using System.IO.Compression;
using Cranio.IO;
using Cranio.Pipeline;
using Cranio.Volumes;

namespace Cranio.Web;

/// <summary>
/// Turns an uploaded file into a case input: a <c>.zip</c> is unpacked (entries with absolute paths, drive letters or
/// <c>..</c> are rejected before anything is written, and the unpacked size is capped) and read as a DICOM series;
/// any other file is read as NRRD or NIfTI by content. Reading it with <see cref="VolumeFile.Read(string)"/> validates it;
/// its error message, with server paths replaced by the uploaded name, is what the user sees. CT or mask is told
/// as the pipeline tells it (<see cref="CasePipeline.LooksLikeCt"/>).
/// </summary>
internal static class CaseUpload
{
    /// <summary>Largest unpacked size of a zip, as a multiple of the upload limit.</summary>
    public const int MaxExpansion = 4;

    /// <summary>
    /// Stores <paramref name="upload"/> (named <paramref name="fileName"/> by the browser) under <paramref name="caseFolder"/>/input
    /// and validates it. Returns the input path relative to the case folder, its kind and a summary.
    /// </summary>
    /// <exception cref="UploadRejectedException">The file is not a readable volume or DICOM zip; the message says why.</exception>
    public static (string InputPath, CaseInputKind Kind, string Summary) Store(Stream upload, string fileName, string caseFolder, long maxUploadBytes)
    {
        string safeName = SafeFileName(fileName);
        string inputFolder = Path.Combine(caseFolder, "input");
        Directory.CreateDirectory(inputFolder);
        string relative, full;
        if (safeName.EndsWith(".zip", StringComparison.OrdinalIgnoreCase))
        {
            relative = Path.Combine("input", "dicom");
            full = Path.Combine(caseFolder, relative);
            Unzip(upload, full, fileName, maxUploadBytes * MaxExpansion);
        }
        else
        {
            relative = Path.Combine("input", safeName);
            full = Path.Combine(caseFolder, relative);
            using var file = File.Create(full);
            upload.CopyTo(file);
        }
        Volume volume;
        try
        {
            volume = VolumeFile.Read(full);
        }
        catch (CranioFormatException e)
        {
            throw new UploadRejectedException(e.Message.Replace(full, fileName, StringComparison.Ordinal).Replace(caseFolder, "", StringComparison.Ordinal), e);
        }
        CaseInputKind kind = CasePipeline.LooksLikeCt(volume) ? CaseInputKind.Ct : CaseInputKind.SkullMask;
        return (relative, kind, Summary(volume, kind));
    }

    /// <summary>Unpacks <paramref name="zip"/> into <paramref name="folder"/>, refusing unsafe entry names and more than <paramref name="maxBytes"/> unpacked.</summary>
    internal static void Unzip(Stream zip, string folder, string uploadName, long maxBytes)
    {
        ZipArchive archive;
        try
        {
            archive = new ZipArchive(zip, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (InvalidDataException e)
        {
            throw new UploadRejectedException($"{uploadName}: zip: not a readable zip archive ({e.Message}).", e);
        }
        using (archive)
        {
            long total = 0;
            foreach (var entry in archive.Entries)
            {
                if (!IsSafeEntryName(entry.FullName))
                    throw new UploadRejectedException($"{uploadName}: zip entry \"{entry.FullName}\": expected a relative path inside the archive; found an absolute path or '..'.");
                total += entry.Length;
            }
            if (total > maxBytes)
                throw new UploadRejectedException(string.Create(CultureInfo.InvariantCulture, $"{uploadName}: zip: unpacks to {total:N0} bytes; at most {maxBytes:N0} are accepted."));
            string root = Path.GetFullPath(folder) + Path.DirectorySeparatorChar;
            Directory.CreateDirectory(root);
            long written = 0;
            foreach (var entry in archive.Entries)
            {
                string target = Path.GetFullPath(Path.Combine(root, entry.FullName));
                if (!target.StartsWith(root, StringComparison.Ordinal))
                    throw new UploadRejectedException($"{uploadName}: zip entry \"{entry.FullName}\": resolves outside the archive folder.");
                if (entry.FullName.EndsWith('/') || entry.FullName.EndsWith('\\'))
                {
                    Directory.CreateDirectory(target);
                    continue;
                }
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                using var source = entry.Open();
                using var file = File.Create(target);
                var buffer = new byte[1 << 16];
                int n;
                while ((n = source.Read(buffer)) > 0)
                {
                    written += n;
                    if (written > maxBytes)
                        throw new UploadRejectedException(string.Create(CultureInfo.InvariantCulture, $"{uploadName}: zip: unpacks to more than {maxBytes:N0} bytes."));
                    file.Write(buffer, 0, n);
                }
            }
        }
    }

    /// <summary>Whether a zip entry name stays inside the folder it is unpacked to: relative, no drive, no <c>..</c> segment.</summary>
    internal static bool IsSafeEntryName(string name)
    {
        if (name.Length == 0 || name[0] is '/' or '\\' || name.Contains(':') || name.Contains('\0')) return false;
        return !name.Split('/', '\\').Any(segment => segment == "..");
    }

    /// <summary>The last path segment of <paramref name="name"/> with anything but letters, digits, '.', '-' and '_' replaced by '_'.</summary>
    internal static string SafeFileName(string name)
    {
        string last = name.Split('/', '\\').Last();
        var chars = last.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_').ToArray();
        string safe = new string(chars).TrimStart('.');
        return safe.Length == 0 ? "upload" : safe;
    }

    private static string Summary(Volume volume, CaseInputKind kind)
    {
        Grid g = volume.Grid;
        bool oblique = Math.Abs(Math.Abs(g.Direction.Column(0).X) + Math.Abs(g.Direction.Column(1).Y) + Math.Abs(g.Direction.Column(2).Z) - 3) > 1e-6;
        return string.Create(CultureInfo.InvariantCulture,
            $"{(kind == CaseInputKind.Ct ? "CT" : "skull mask")}: {g.SizeX}×{g.SizeY}×{g.SizeZ} {volume.VoxelType}, spacing {g.Spacing.X:0.###}×{g.Spacing.Y:0.###}×{g.Spacing.Z:0.###} mm{(oblique ? ", oblique" : "")}");
    }
}
