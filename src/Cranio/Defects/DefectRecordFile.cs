using System.Text.Json;
using Cranio.IO;
using Cranio.Volumes;

namespace Cranio.Defects;

/// <summary>
/// The JSON file of a <see cref="DefectRecord"/> (<c>defect.json</c> of <c>cranio inject</c>, <c>records/NAME_ii.json</c>
/// of a dataset): one object with the members <c>shape</c> (kind name), <c>parameters</c> (the shape's description,
/// mm), <c>center_mm</c> ([x, y, z], LPS), <c>seed</c>, <c>attempts</c>, <c>clinical_gap_mm</c>,
/// <c>implant_volume_cm3</c> and <c>opening_area_cm2</c>, in that order, indented; numbers are written in their
/// shortest round-trip form, so a record read back is equal to the one written.
/// </summary>
public static class DefectRecordFile
{
    /// <summary>The record as JSON text (UTF-8, indented, newline at the end).</summary>
    public static string Format(DefectRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("shape", record.Kind);
            json.WriteString("parameters", record.Parameters);
            json.WriteStartArray("center_mm");
            json.WriteNumberValue(record.Center.X);
            json.WriteNumberValue(record.Center.Y);
            json.WriteNumberValue(record.Center.Z);
            json.WriteEndArray();
            json.WriteNumber("seed", record.Seed);
            json.WriteNumber("attempts", record.Attempts);
            json.WriteNumber("clinical_gap_mm", record.ClinicalGap);
            json.WriteNumber("implant_volume_cm3", record.ImplantVolumeCm3);
            json.WriteNumber("opening_area_cm2", record.OpeningAreaCm2);
            json.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    /// <summary>Writes the record to <paramref name="path"/> atomically (<see cref="AtomicFile"/>).</summary>
    public static void Write(DefectRecord record, string path) => AtomicFile.WriteAllText(path, Format(record));

    /// <summary>Reads a record written by <see cref="Write"/>.</summary>
    /// <exception cref="CranioFormatException">The file is not JSON, or a member is missing or of the wrong type.</exception>
    public static DefectRecord Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw new CranioFormatException(path, "json", $"expected a JSON defect record; found invalid JSON ({e.Message}).", e);
        }
        using (document)
        {
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw new CranioFormatException(path, "json", $"expected a JSON object; found {root.ValueKind}.");
            JsonElement center = Member(path, root, "center_mm", JsonValueKind.Array);
            if (center.GetArrayLength() != 3 || center.EnumerateArray().Any(c => c.ValueKind != JsonValueKind.Number))
                throw new CranioFormatException(path, "center_mm", $"expected an array of 3 numbers; found {center.GetRawText()}.");
            try
            {
                return new DefectRecord(
                    Member(path, root, "shape", JsonValueKind.String).GetString()!,
                    Member(path, root, "parameters", JsonValueKind.String).GetString()!,
                    new Vec3(center[0].GetDouble(), center[1].GetDouble(), center[2].GetDouble()),
                    Member(path, root, "seed", JsonValueKind.Number).GetUInt64(),
                    Member(path, root, "attempts", JsonValueKind.Number).GetInt32(),
                    Member(path, root, "clinical_gap_mm", JsonValueKind.Number).GetDouble(),
                    Member(path, root, "implant_volume_cm3", JsonValueKind.Number).GetDouble(),
                    Member(path, root, "opening_area_cm2", JsonValueKind.Number).GetDouble());
            }
            catch (FormatException e)
            {
                throw new CranioFormatException(path, "json", $"expected an unsigned 64-bit seed and a 32-bit attempt count; found a number out of range ({e.Message}).", e);
            }
        }
    }

    private static JsonElement Member(string path, JsonElement root, string name, JsonValueKind kind)
    {
        if (!root.TryGetProperty(name, out JsonElement value))
            throw new CranioFormatException(path, name, $"expected a member \"{name}\" ({Kind(kind)}); found none.");
        if (value.ValueKind != kind)
            throw new CranioFormatException(path, name, $"expected {Kind(kind)}; found {Kind(value.ValueKind)}.");
        return value;
    }

    private static string Kind(JsonValueKind kind) => kind switch
    {
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        _ => kind.ToString().ToLowerInvariant(),
    };
}
