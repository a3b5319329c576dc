using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Cranio.Meshing;
using Cranio.Volumes;

namespace Cranio.IO;

/// <summary>
/// Reads binary and ASCII STL into a <see cref="TriangleMesh"/> (coordinates taken as LPS mm, float32 widened to
/// double). The encoding is detected by content, not by the first word: a file is binary when its length is
/// exactly 84 + 50·n for the triangle count n stored at byte 80, even if its header starts with "solid" (many
/// exporters do that); it is ASCII when it starts with "solid" and its first kilobyte is text. Corners with
/// identical coordinates are merged into one vertex, so closedness can be checked on the result. The stored
/// normals are ignored (the winding defines the orientation).
/// </summary>
public static class StlReader
{
    /// <summary>Reads the STL file at <paramref name="path"/>.</summary>
    /// <exception cref="CranioFormatException">The file is truncated, its triangle count disagrees with its length,
    /// its ASCII syntax is broken, or a coordinate is not a finite number; the message names the file and field.</exception>
    public static TriangleMesh Read(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        if (bytes.Length >= 84)
        {
            uint count = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(80));
            if (84 + 50L * count == bytes.Length) return ReadBinary(path, bytes, (int)count);
        }
        if (LooksLikeAscii(bytes)) return ReadAscii(path, Encoding.ASCII.GetString(bytes));
        if (bytes.Length < 84)
            throw new CranioFormatException(path, "header", $"a binary STL needs at least 84 bytes (80-byte header and a triangle count); found {bytes.Length} bytes");
        uint stated = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(80));
        throw new CranioFormatException(path, "triangle count",
            $"the header states {stated} triangles, which need 84 + 50·{stated} = {84 + 50L * stated} bytes; the file has {bytes.Length} bytes");
    }

    private static bool LooksLikeAscii(byte[] bytes)
    {
        ReadOnlySpan<byte> head = bytes.AsSpan(0, Math.Min(bytes.Length, 1024));
        int start = 0;
        while (start < head.Length && head[start] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n') start++;
        if (!head[start..].StartsWith("solid"u8)) return false;
        foreach (byte b in head)
            if (b < 9 || (b > 13 && b < 32) || b > 126) return false;
        return true;
    }

    private static TriangleMesh ReadBinary(string path, byte[] bytes, int count)
    {
        var builder = new Builder(path, count);
        Span<float> c = stackalloc float[9];
        for (int i = 0; i < count; i++)
        {
            ReadOnlySpan<byte> record = bytes.AsSpan(84 + 50 * i + 12, 36);
            for (int k = 0; k < 9; k++) c[k] = BinaryPrimitives.ReadSingleLittleEndian(record[(4 * k)..]);
            builder.Add(i, c);
        }
        return builder.Build();
    }

    private static TriangleMesh ReadAscii(string path, string text)
    {
        var tokens = new Tokens(path, text);
        tokens.Expect("solid");
        tokens.SkipRestOfLine();
        var builder = new Builder(path, 0);
        Span<float> c = stackalloc float[9];
        for (int facet = 0; ; facet++)
        {
            string word = tokens.Next("'facet' or 'endsolid'");
            if (word == "endsolid") break;
            if (word != "facet") throw tokens.Error($"expected 'facet' or 'endsolid'; found '{word}'");
            tokens.Expect("normal");
            for (int k = 0; k < 3; k++) tokens.Number($"facet {facet} normal");
            tokens.Expect("outer");
            tokens.Expect("loop");
            for (int v = 0; v < 3; v++)
            {
                tokens.Expect("vertex");
                for (int k = 0; k < 3; k++) c[3 * v + k] = tokens.Number($"facet {facet} vertex {v}");
            }
            tokens.Expect("endloop");
            tokens.Expect("endfacet");
            builder.Add(facet, c);
        }
        return builder.Build();
    }

    /// <summary>Collects corners and merges identical positions into shared vertices.</summary>
    private sealed class Builder(string path, int capacity)
    {
        private readonly Dictionary<(float, float, float), int> _index = new(capacity);
        private readonly List<Vec3> _vertices = new(capacity / 2 + 3);
        private readonly List<Triangle> _triangles = new(capacity);

        public void Add(int facet, ReadOnlySpan<float> corners)
        {
            Span<int> ids = stackalloc int[3];
            for (int v = 0; v < 3; v++)
            {
                float x = corners[3 * v], y = corners[3 * v + 1], z = corners[3 * v + 2];
                if (!float.IsFinite(x) || !float.IsFinite(y) || !float.IsFinite(z))
                    throw new CranioFormatException(path, $"facet {facet} vertex {v}",
                        string.Create(CultureInfo.InvariantCulture, $"coordinates must be finite numbers; found ({x}, {y}, {z})"));
                // + 0f turns −0 into +0 so that both spellings of zero merge.
                var key = (x + 0f, y + 0f, z + 0f);
                if (!_index.TryGetValue(key, out int id))
                {
                    id = _vertices.Count;
                    _index.Add(key, id);
                    _vertices.Add(new Vec3(x, y, z));
                }
                ids[v] = id;
            }
            _triangles.Add(new Triangle(ids[0], ids[1], ids[2]));
        }

        public TriangleMesh Build() => new(_vertices.ToArray(), _triangles.ToArray());
    }

    /// <summary>Whitespace-separated words of an ASCII STL with their line numbers.</summary>
    private sealed class Tokens(string path, string text)
    {
        private int _position;
        private int _line = 1;

        public CranioFormatException Error(string problem) => new(path, $"line {_line}", problem);

        public string Next(string expected)
        {
            int previousLine = _line;
            while (_position < text.Length && char.IsWhiteSpace(text[_position]))
            {
                if (text[_position] == '\n') _line++;
                _position++;
            }
            if (_position >= text.Length)
                throw new CranioFormatException(path, $"line {previousLine}", $"expected {expected}; found the end of the file");
            int start = _position;
            while (_position < text.Length && !char.IsWhiteSpace(text[_position])) _position++;
            return text[start.._position];
        }

        public void SkipRestOfLine()
        {
            while (_position < text.Length && text[_position] != '\n') _position++;
        }

        public void Expect(string keyword)
        {
            string word = Next($"'{keyword}'");
            if (!string.Equals(word, keyword, StringComparison.OrdinalIgnoreCase))
                throw Error($"expected '{keyword}'; found '{Shorten(word)}'");
        }

        public float Number(string field)
        {
            string word = Next($"a number ({field})");
            if (!float.TryParse(word, NumberStyles.Float, CultureInfo.InvariantCulture, out float value))
                throw Error($"expected a number ({field}); found '{Shorten(word)}'");
            return value;
        }

        private static string Shorten(string word) => word.Length <= 40 ? word : word[..40] + "…";
    }
}
