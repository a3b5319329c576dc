using System.IO.Compression;
using Cranio.Volumes;

namespace Cranio.IO;

/// <summary>
/// The one entry point for reading and writing volumes. Reading picks the format by content, not by name:
/// NRRD by its <c>NRRD000N</c> magic, NIfTI-1 by <c>sizeof_hdr</c> 348 and magic "n+1"/"ni1" (also inside gzip);
/// a folder is read as a DICOM series (<see cref="Dicom.DicomSeriesReader"/>).
/// Writing picks it by extension: <c>.nrrd</c>, <c>.nhdr</c>, <c>.nii</c>, <c>.nii.gz</c>.
/// </summary>
public static class VolumeFile
{
    /// <summary>File extensions that <see cref="Write"/> accepts.</summary>
    public static IReadOnlyList<string> WritableExtensions { get; } = [".nrrd", ".nhdr", ".nii", ".nii.gz"];

    /// <summary>Reads the volume at <paramref name="path"/>, whatever its format; a folder is read as its one DICOM series.</summary>
    /// <exception cref="CranioFormatException">The file is missing, unrecognised or malformed, or the folder holds no
    /// DICOM series or several (the message lists them).</exception>
    public static Volume Read(string path) => Read(path, dicomSeries: null);

    /// <summary>
    /// Reads the volume at <paramref name="path"/>, whatever its format. A folder is read as a DICOM series in HU:
    /// the one with Series Instance UID <paramref name="dicomSeries"/>, or the only one when that is null.
    /// </summary>
    /// <param name="path">A volume file or a folder of DICOM files.</param>
    /// <param name="dicomSeries">The Series Instance UID to read from a DICOM folder; must be null for a file.</param>
    /// <exception cref="ArgumentException"><paramref name="dicomSeries"/> is given but <paramref name="path"/> is not a folder.</exception>
    /// <exception cref="CranioFormatException">The file is missing, unrecognised or malformed, or the series cannot be read.</exception>
    public static Volume Read(string path, string? dicomSeries)
    {
        if (Directory.Exists(path)) return Dicom.DicomSeriesReader.Read(path, dicomSeries);
        if (dicomSeries is not null)
            throw new ArgumentException($"A DICOM series UID selects a series in a folder; {path} is not a folder.", nameof(dicomSeries));
        return Detect(path) switch
        {
            VolumeFormat.Nrrd => NrrdReader.Read(path),
            VolumeFormat.Nifti => NiftiReader.Read(path),
            _ => throw new CranioFormatException(path, "format", "not a recognised volume file: expected NRRD (magic \"NRRD000N\") or NIfTI-1 (sizeof_hdr 348, magic \"n+1\" or \"ni1\", raw or gzip)."),
        };
    }

    /// <summary>Writes <paramref name="volume"/> in the format named by the extension of <paramref name="path"/>.</summary>
    /// <exception cref="CranioFormatException">The extension names no writable format.</exception>
    public static void Write(Volume volume, string path)
    {
        switch (FormatOfExtension(path))
        {
            case VolumeFormat.Nrrd:
                NrrdWriter.Write(volume, path);
                break;
            case VolumeFormat.Nifti:
                NiftiWriter.Write(volume, path);
                break;
            default:
                throw new CranioFormatException(path, "extension", $"expected one of {string.Join(", ", WritableExtensions)}; found \"{Path.GetFileName(path)}\".");
        }
    }

    /// <summary>The format that <see cref="Write"/> would use for <paramref name="path"/>, or null.</summary>
    public static VolumeFormat? FormatOfExtension(string path)
    {
        string name = path.ToLowerInvariant();
        if (name.EndsWith(".nrrd", StringComparison.Ordinal) || name.EndsWith(".nhdr", StringComparison.Ordinal)) return VolumeFormat.Nrrd;
        if (name.EndsWith(".nii", StringComparison.Ordinal) || name.EndsWith(".nii.gz", StringComparison.Ordinal)) return VolumeFormat.Nifti;
        return null;
    }

    /// <summary>Recognises the format of <paramref name="path"/> from its first bytes.</summary>
    /// <exception cref="CranioFormatException">The path does not exist or cannot be read.</exception>
    public static VolumeFormat? Detect(string path)
    {
        if (!File.Exists(path))
            throw new CranioFormatException(path, "file", Directory.Exists(path) ? "is a folder; expected a volume file." : "does not exist.");
        var head = new byte[NiftiHeader.Size];
        int n;
        try
        {
            using var stream = File.OpenRead(path);
            n = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
            if (n >= 2 && head[0] == 0x1f && head[1] == 0x8b)
            {
                stream.Position = 0;
                using var gzip = new GZipStream(stream, CompressionMode.Decompress);
                return NiftiHeader.HasSignature(head.AsSpan(0, gzip.ReadAtLeast(head, head.Length, throwOnEndOfStream: false))) ? VolumeFormat.Nifti : null;
            }
        }
        catch (InvalidDataException e)
        {
            throw new CranioFormatException(path, "gzip", $"the compressed data are corrupt: {e.Message}", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CranioFormatException(path, "file", $"cannot be read: {e.Message}", e);
        }
        if (n == 0) throw new CranioFormatException(path, "file", "is empty.");
        if (n >= 7 && head.AsSpan(0, 7).SequenceEqual("NRRD000"u8)) return VolumeFormat.Nrrd;
        if (NiftiHeader.HasSignature(head.AsSpan(0, n))) return VolumeFormat.Nifti;
        return null;
    }
}
