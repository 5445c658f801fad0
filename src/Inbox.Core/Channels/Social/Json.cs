using System.Globalization;
using System.Text.Json;

namespace Inbox.Core.Channels.Social;

/// <summary>Small tolerant readers over JsonElement: webhook payloads omit fields freely.</summary>
internal static class J
{
    public static JsonElement? Get(this JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null ? v : null;

    public static string? Str(this JsonElement e, string name) => e.Get(name) switch
    {
        { ValueKind: JsonValueKind.String } v => v.GetString(),
        { ValueKind: JsonValueKind.Number } v => v.GetRawText(),
        { ValueKind: JsonValueKind.True } => "true",
        { ValueKind: JsonValueKind.False } => "false",
        _ => null,
    };

    public static string? Path(this JsonElement e, params string[] names)
    {
        JsonElement? cur = e;
        for (var i = 0; i < names.Length - 1 && cur is not null; i++) cur = cur.Value.Get(names[i]);
        return cur?.Str(names[^1]);
    }

    public static bool Bool(this JsonElement e, string name) => e.Get(name) is { } v &&
        (v.ValueKind == JsonValueKind.True || (v.ValueKind == JsonValueKind.String && v.GetString() == "true"));

    public static long? Long(this JsonElement e, string name) =>
        long.TryParse(e.Str(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : null;

    public static IEnumerable<JsonElement> Array(this JsonElement e, string name) =>
        e.Get(name) is { ValueKind: JsonValueKind.Array } a ? a.EnumerateArray() : [];

    public static JsonElement Root(byte[] body, string what)
    {
        var bytes = body.AsMemory();
        if (bytes.Span.StartsWith((byte[])[0xEF, 0xBB, 0xBF])) bytes = bytes[3..]; // a UTF-8 BOM is legal in a body
        using var doc = JsonDocument.Parse(bytes);
        if (doc.RootElement.ValueKind != JsonValueKind.Object) throw new Intake.PayloadException($"{what} payload is not a JSON object");
        return doc.RootElement.Clone();
    }
}
