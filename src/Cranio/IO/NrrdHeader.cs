using System.Globalization;
using System.Text;
using Cranio.Volumes;

namespace Cranio.IO;

/// <summary>
/// The parsed header of an NRRD file (format versions NRRD0001–NRRD0005): field specifications and key/value
/// pairs. See the NRRD format definition (teem); only the fields that matter for 3D volumes are interpreted.
/// </summary>
internal sealed class NrrdHeader
{
    /// <summary>Field specifications by normalised name (lower case, spaces removed: "spacedirections").</summary>
    public Dictionary<string, string> Fields { get; } = new(StringComparer.Ordinal);

    /// <summary>Key/value pairs (<c>key:=value</c>), in file order.</summary>
    public List<KeyValuePair<string, string>> KeyValues { get; } = [];

    /// <summary>Lines following <c>data file: LIST</c>, if any.</summary>
    public List<string> DataFileList { get; } = [];

    /// <summary>Byte offset of the first data byte after the header's blank line (attached data).</summary>
    public long DataOffset { get; private set; }

    /// <summary>Normalises a field name: lower case with spaces removed ("space directions" → "spacedirections").</summary>
    public static string Normalise(string name) => name.Replace(" ", "", StringComparison.Ordinal).ToLowerInvariant();

    /// <summary>The field's value, or null when absent.</summary>
    public string? Get(string name) => Fields.TryGetValue(Normalise(name), out string? value) ? value : null;

    /// <summary>Reads the header from the start of <paramref name="stream"/>; leaves the stream's position unspecified.</summary>
    /// <param name="stream">The file, positioned at its start.</param>
    /// <param name="path">The file name used in error messages.</param>
    public static NrrdHeader Parse(Stream stream, string path)
    {
        const int maxHeaderBytes = 4 << 20;
        var header = new NrrdHeader();
        // The header is read in blocks (not byte by byte) and split at '\n'; the reader may run past the blank
        // line into the data, which is why the caller seeks to DataOffset afterwards.
        var buffer = new byte[1 << 16];
        int start = 0, end = 0;
        bool endOfStream = false;
        long position = 0;
        bool first = true, inList = false;
        while (true)
        {
            int newline;
            while ((newline = buffer.AsSpan(start, end - start).IndexOf((byte)'\n')) < 0 && !endOfStream)
            {
                if (position + (end - start) > maxHeaderBytes)
                    throw new CranioFormatException(path, "header", $"no blank line ending the header within the first {maxHeaderBytes >> 20} MiB.");
                if (start > 0)
                {
                    buffer.AsSpan(start, end - start).CopyTo(buffer);
                    end -= start;
                    start = 0;
                }
                if (end == buffer.Length) Array.Resize(ref buffer, 2 * buffer.Length);
                int read = stream.Read(buffer, end, buffer.Length - end);
                if (read == 0) endOfStream = true;
                end += read;
            }
            bool ended = newline >= 0;
            int length = ended ? newline : end - start;
            if (position + length > maxHeaderBytes)
                throw new CranioFormatException(path, "header", $"no blank line ending the header within the first {maxHeaderBytes >> 20} MiB.");
            ReadOnlySpan<byte> line = buffer.AsSpan(start, length);
            start += ended ? length + 1 : length;
            position += ended ? length + 1 : length;
            if (line.Length > 0 && line[^1] == '\r') line = line[..^1];
            string text = Encoding.Latin1.GetString(line);
            if (first)
            {
                if (!text.StartsWith("NRRD000", StringComparison.Ordinal) || text.Length != 8 || text[7] < '1' || text[7] > '9')
                    throw new CranioFormatException(path, "magic", $"expected \"NRRD000N\" on the first line; found \"{Truncate(text)}\".");
                first = false;
                continue;
            }
            if (text.Length == 0)
            {
                if (!ended && !header.Fields.ContainsKey("datafile"))
                    throw new CranioFormatException(path, "header", "the file ends inside the header.");
                header.DataOffset = position;
                return header;
            }
            if (text.StartsWith('#')) continue;
            if (inList)
            {
                header.DataFileList.Add(text.Trim());
                if (!ended) { header.DataOffset = position; return header; }
                continue;
            }
            int keyValue = text.IndexOf(":=", StringComparison.Ordinal);
            int field = text.IndexOf(": ", StringComparison.Ordinal);
            if (keyValue >= 0 && (field < 0 || keyValue < field))
            {
                header.KeyValues.Add(new(Unescape(text[..keyValue]), Unescape(text[(keyValue + 2)..])));
            }
            else if (field > 0)
            {
                string name = Normalise(text[..field]);
                string value = text[(field + 2)..].Trim();
                if (!header.Fields.TryAdd(name, value))
                    throw new CranioFormatException(path, text[..field], "the field is given twice.");
                if (name is "datafile" && value.StartsWith("LIST", StringComparison.Ordinal)) inList = true;
            }
            else
            {
                throw new CranioFormatException(path, "header", $"expected \"field: value\" or \"key:=value\"; found \"{Truncate(text)}\".");
            }
            if (!ended)
            {
                // A detached header may end without a blank line; an attached one may not.
                if (!header.Fields.ContainsKey("datafile"))
                    throw new CranioFormatException(path, "header", "the file ends inside the header (no blank line before the data, and no data file field).");
                header.DataOffset = position;
                return header;
            }
        }
    }

    /// <summary>Parses a vector such as <c>(0.45,0,0)</c>; returns null for <c>none</c>.</summary>
    public static double[]? ParseVector(string text, string path, string field)
    {
        string t = text.Trim();
        if (t == "none") return null;
        if (t.Length < 2 || t[0] != '(' || t[^1] != ')')
            throw new CranioFormatException(path, field, $"expected a vector like (x,y,z) or none; found \"{Truncate(t)}\".");
        string[] parts = t[1..^1].Split(',');
        var values = new double[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (!double.TryParse(parts[i].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]))
                throw new CranioFormatException(path, field, $"\"{parts[i].Trim()}\" in {t} is not a number.");
        }
        return values;
    }

    /// <summary>Splits a field value at white space outside parentheses: "(1,0,0) (0,1,0)" → two items.</summary>
    public static List<string> SplitItems(string text)
    {
        var items = new List<string>();
        var current = new StringBuilder();
        int depth = 0;
        foreach (char c in text)
        {
            if (c == '(') depth++;
            if (c == ')') depth--;
            if (char.IsWhiteSpace(c) && depth <= 0)
            {
                if (current.Length > 0) { items.Add(current.ToString()); current.Clear(); }
                continue;
            }
            current.Append(c);
        }
        if (current.Length > 0) items.Add(current.ToString());
        return items;
    }

    /// <summary>Escapes a key or value for writing (backslash and newline, as the format requires).</summary>
    public static string Escape(string text) => text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private static string Unescape(string text) => text.Replace("\\n", "\n", StringComparison.Ordinal).Replace("\\\\", "\\", StringComparison.Ordinal);

    private static string Truncate(string text) => text.Length <= 60 ? text : text[..60] + "…";

    /// <summary>The voxel type named by an NRRD <c>type</c> field (all of the format's spellings).</summary>
    public static VoxelType? ParseType(string type) => type.Trim().ToLowerInvariant() switch
    {
        "signed char" or "int8" or "int8_t" => VoxelType.Int8,
        "uchar" or "unsigned char" or "uint8" or "uint8_t" => VoxelType.UInt8,
        "short" or "short int" or "signed short" or "signed short int" or "int16" or "int16_t" => VoxelType.Int16,
        "ushort" or "unsigned short" or "unsigned short int" or "uint16" or "uint16_t" => VoxelType.UInt16,
        "int" or "signed int" or "int32" or "int32_t" => VoxelType.Int32,
        "uint" or "unsigned int" or "uint32" or "uint32_t" => VoxelType.UInt32,
        "longlong" or "long long" or "long long int" or "signed long long" or "signed long long int" or "int64" or "int64_t" => VoxelType.Int64,
        "ulonglong" or "unsigned long long" or "unsigned long long int" or "uint64" or "uint64_t" => VoxelType.UInt64,
        "float" => VoxelType.Float32,
        "double" => VoxelType.Float64,
        _ => null,
    };

    /// <summary>The canonical NRRD type name of a voxel type.</summary>
    public static string TypeName(VoxelType type) => type switch
    {
        VoxelType.Int8 => "int8",
        VoxelType.UInt8 => "uint8",
        VoxelType.Int16 => "int16",
        VoxelType.UInt16 => "uint16",
        VoxelType.Int32 => "int32",
        VoxelType.UInt32 => "uint32",
        VoxelType.Int64 => "int64",
        VoxelType.UInt64 => "uint64",
        VoxelType.Float32 => "float",
        VoxelType.Float64 => "double",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown voxel type."),
    };
}
