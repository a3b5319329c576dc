using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using Cranio.IO;

namespace Cranio.Learning;

/// <summary>
/// Reads and writes the safetensors format: an 8-byte little-endian header length N, N bytes of UTF-8 JSON
/// <c>{"name": {"dtype": "F32", "shape": [...], "data_offsets": [begin, end]}, ..., "__metadata__": {"key": "value"}}</c>
/// (padded with spaces to a multiple of 8), then the raw little-endian, row-major tensor data; offsets are
/// relative to the start of the data. Only F32 tensors are supported.
/// </summary>
public static class SafeTensors
{
    /// <summary>The largest header accepted (100 MB, as the reference implementation).</summary>
    public const long MaxHeaderLength = 100_000_000;

    private const string MetadataKey = "__metadata__";

    /// <summary>Writes <paramref name="tensors"/> in the given order, contiguously, atomically (<see cref="AtomicFile"/>).</summary>
    /// <param name="path">The file to create or replace.</param>
    /// <param name="tensors">Named tensors; names must be unique and not "__metadata__".</param>
    /// <param name="metadata">String pairs stored under "__metadata__" (architecture, training settings), or null.</param>
    public static void Write(string path, IEnumerable<(string Name, Tensor Tensor)> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        var list = tensors.ToList();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, tensor) in list)
        {
            ArgumentNullException.ThrowIfNull(tensor);
            if (string.IsNullOrEmpty(name) || name == MetadataKey || !names.Add(name))
                throw new ArgumentException($"Tensor names must be unique, non-empty and not '{MetadataKey}'; got '{name}'.", nameof(tensors));
        }
        using var json = new MemoryStream();
        using (var writer = new Utf8JsonWriter(json))
        {
            writer.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                writer.WriteStartObject(MetadataKey);
                foreach (var pair in metadata.OrderBy(p => p.Key, StringComparer.Ordinal)) writer.WriteString(pair.Key, pair.Value);
                writer.WriteEndObject();
            }
            long offset = 0;
            foreach (var (name, tensor) in list)
            {
                writer.WriteStartObject(name);
                writer.WriteString("dtype", "F32");
                writer.WriteStartArray("shape");
                foreach (int s in tensor.Shape) writer.WriteNumberValue(s);
                writer.WriteEndArray();
                writer.WriteStartArray("data_offsets");
                writer.WriteNumberValue(offset);
                writer.WriteNumberValue(offset += 4L * tensor.Length);
                writer.WriteEndArray();
                writer.WriteEndObject();
            }
            writer.WriteEndObject();
        }
        int padding = (int)((8 - json.Length % 8) % 8);
        for (int i = 0; i < padding; i++) json.WriteByte((byte)' ');
        AtomicFile.Write(path, stream =>
        {
            Span<byte> length = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)json.Length);
            stream.Write(length);
            json.Position = 0;
            json.CopyTo(stream);
            Span<byte> value = stackalloc byte[4];
            foreach (var (_, tensor) in list)
            {
                if (BitConverter.IsLittleEndian) stream.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(tensor.Data.AsSpan()));
                else foreach (float v in tensor.Data) { BinaryPrimitives.WriteSingleLittleEndian(value, v); stream.Write(value); }
            }
        });
    }

    /// <summary>Reads every tensor and the metadata of a safetensors file, validating the header before any data.</summary>
    /// <exception cref="CranioFormatException">Truncated file, malformed JSON, unknown dtype, shape/offset mismatch, offsets out of range or overlapping; the message names the file and the field.</exception>
    public static SafeTensorsFile Read(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        if (bytes.Length < 8)
            throw new CranioFormatException(path, "header length", $"expected 8 bytes, the file has {bytes.Length}");
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        if (headerLength > MaxHeaderLength)
            throw new CranioFormatException(path, "header length", $"at most {MaxHeaderLength} bytes are accepted; got {headerLength}");
        if (headerLength > (ulong)(bytes.Length - 8))
            throw new CranioFormatException(path, "header", $"truncated: the header needs {headerLength} bytes, the file has {bytes.Length - 8} after the length");
        long dataStart = 8 + (long)headerLength;
        long dataLength = bytes.Length - dataStart;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes.AsMemory(8, (int)headerLength));
        }
        catch (JsonException e)
        {
            throw new CranioFormatException(path, "header", $"not valid JSON ({e.Message})", e);
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                throw new CranioFormatException(path, "header", $"expected a JSON object; got {document.RootElement.ValueKind}");
            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            var entries = new List<(string Name, int[] Shape, long Begin, long End)>();
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (!names.Add(property.Name))
                    throw new CranioFormatException(path, property.Name, "the name appears twice in the header");
                if (property.Name == MetadataKey)
                {
                    if (property.Value.ValueKind != JsonValueKind.Object)
                        throw new CranioFormatException(path, MetadataKey, $"expected an object of strings; got {property.Value.ValueKind}");
                    foreach (var pair in property.Value.EnumerateObject())
                    {
                        if (pair.Value.ValueKind != JsonValueKind.String)
                            throw new CranioFormatException(path, $"{MetadataKey}.{pair.Name}", $"expected a string; got {pair.Value.ValueKind}");
                        metadata[pair.Name] = pair.Value.GetString()!;
                    }
                    continue;
                }
                entries.Add(ParseEntry(path, property, dataLength));
            }
            var sorted = entries.OrderBy(e => e.Begin).ThenBy(e => e.End).ToList();
            for (int i = 1; i < sorted.Count; i++)
                if (sorted[i].Begin < sorted[i - 1].End)
                    throw new CranioFormatException(path, $"{sorted[i].Name}.data_offsets",
                        $"bytes [{sorted[i].Begin}, {sorted[i].End}) overlap '{sorted[i - 1].Name}' at [{sorted[i - 1].Begin}, {sorted[i - 1].End})");
            var tensors = new List<KeyValuePair<string, Tensor>>(entries.Count);
            foreach (var (name, shape, begin, end) in entries)
            {
                var data = new float[(end - begin) / 4];
                var source = bytes.AsSpan((int)(dataStart + begin), (int)(end - begin));
                if (BitConverter.IsLittleEndian) source.CopyTo(System.Runtime.InteropServices.MemoryMarshal.AsBytes(data.AsSpan()));
                else for (int i = 0; i < data.Length; i++) data[i] = BinaryPrimitives.ReadSingleLittleEndian(source[(4 * i)..]);
                tensors.Add(new(name, new Tensor(data, shape)));
            }
            return new SafeTensorsFile(tensors, metadata);
        }
    }

    private static (string Name, int[] Shape, long Begin, long End) ParseEntry(string path, JsonProperty property, long dataLength)
    {
        string name = property.Name;
        var value = property.Value;
        if (value.ValueKind != JsonValueKind.Object)
            throw new CranioFormatException(path, name, $"expected an object with dtype, shape and data_offsets; got {value.ValueKind}");
        if (!value.TryGetProperty("dtype", out var dtype) || dtype.ValueKind != JsonValueKind.String)
            throw new CranioFormatException(path, $"{name}.dtype", "missing or not a string");
        if (dtype.GetString() != "F32")
            throw new CranioFormatException(path, $"{name}.dtype", $"only F32 is supported; got '{dtype.GetString()}'");
        if (!value.TryGetProperty("shape", out var shapeElement) || shapeElement.ValueKind != JsonValueKind.Array)
            throw new CranioFormatException(path, $"{name}.shape", "missing or not an array");
        var shape = new int[shapeElement.GetArrayLength()];
        long count = 1;
        int k = 0;
        foreach (var s in shapeElement.EnumerateArray())
        {
            if (s.ValueKind != JsonValueKind.Number || !s.TryGetInt32(out int size) || size <= 0)
                throw new CranioFormatException(path, $"{name}.shape", $"expected positive integer sizes; got {shapeElement.GetRawText()}");
            shape[k++] = size;
            count *= size;
            if (count > Array.MaxLength) throw new CranioFormatException(path, $"{name}.shape", $"{shapeElement.GetRawText()} has too many elements");
        }
        if (shape.Length == 0) shape = [1];
        if (!value.TryGetProperty("data_offsets", out var offsets) || offsets.ValueKind != JsonValueKind.Array || offsets.GetArrayLength() != 2
            || !offsets[0].TryGetInt64(out long begin) || !offsets[1].TryGetInt64(out long end))
            throw new CranioFormatException(path, $"{name}.data_offsets", "expected [begin, end] integers");
        if (begin < 0 || end < begin || end > dataLength)
            throw new CranioFormatException(path, $"{name}.data_offsets", $"[{begin}, {end}) is outside the data section of {dataLength} bytes");
        if (end - begin != 4 * count)
            throw new CranioFormatException(path, $"{name}.data_offsets", $"shape {shapeElement.GetRawText()} of F32 needs {4 * count} bytes; the offsets span {end - begin}");
        return (name, shape, begin, end);
    }
}

/// <summary>The content of a safetensors file: named tensors in header order, and the "__metadata__" strings.</summary>
public sealed class SafeTensorsFile
{
    internal SafeTensorsFile(IReadOnlyList<KeyValuePair<string, Tensor>> tensors, IReadOnlyDictionary<string, string> metadata)
    {
        Entries = tensors;
        Tensors = tensors.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        Metadata = metadata;
    }

    /// <summary>The tensors in header order.</summary>
    public IReadOnlyList<KeyValuePair<string, Tensor>> Entries { get; }

    /// <summary>The tensors by name.</summary>
    public IReadOnlyDictionary<string, Tensor> Tensors { get; }

    /// <summary>The "__metadata__" strings (empty when absent).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>The tensor called <paramref name="name"/>; a <see cref="KeyNotFoundException"/> names it when absent.</summary>
    public Tensor this[string name] => Tensors.TryGetValue(name, out var t) ? t : throw new KeyNotFoundException($"No tensor '{name}' in the file.");
}
