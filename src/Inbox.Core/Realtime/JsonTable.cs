using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Inbox.Core.Realtime;

/// <summary>
/// A list of records written as one table: the property names once, then every record as an array of its values
/// in that order: <c>{"columns":["id","channel"],"rows":[[1,"email"],[2,"x"]]}</c>. For the lists every connected
/// agent receives with each intake batch: as objects, the names repeated in every row were half of each frame, and
/// with 200 agents connected the frames' bytes (sent, and parsed by every client) were most of the CPU of an intake
/// burst. The page turns the rows back into objects (hub.js); a .NET client reads them as the records.
/// </summary>
public sealed class JsonTable<T> : JsonConverter<IReadOnlyList<T>>
{
    private sealed record Known(JsonSerializerOptions Options, JsonPropertyInfo[] Columns);
    private Known? _known; // a reference: hub sends from several threads swap it whole

    public override void Write(Utf8JsonWriter writer, IReadOnlyList<T> rows, JsonSerializerOptions options)
    {
        var columns = Columns(options);
        writer.WriteStartObject();
        writer.WriteStartArray("columns");
        foreach (var c in columns) writer.WriteStringValue(c.Name);
        writer.WriteEndArray();
        writer.WriteStartArray("rows");
        foreach (var row in rows)
        {
            writer.WriteStartArray();
            foreach (var c in columns) JsonSerializer.Serialize(writer, c.Get!(row!), c.PropertyType, options);
            writer.WriteEndArray();
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    public override IReadOnlyList<T> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var table = JsonDocument.ParseValue(ref reader);
        var names = table.RootElement.GetProperty("columns").EnumerateArray().Select(c => c.GetString()!).ToArray();
        var rows = new List<T>();
        foreach (var row in table.RootElement.GetProperty("rows").EnumerateArray())
        {
            var record = new JsonObject();
            var i = 0;
            foreach (var value in row.EnumerateArray()) record[names[i++]] = JsonNode.Parse(value.GetRawText());
            rows.Add(record.Deserialize<T>(options)!);
        }
        return rows;
    }

    /// <summary>
    /// The record's properties as the options name them (camelCase on the hub), looked up once. A property the record
    /// itself marks as written only when set ([JsonIgnore(Condition = WhenWritingNull)]: a per-agent value such as
    /// ConversationView.SeenInboundAt) is no column: every row of a table has the same columns, and what is not for
    /// everyone stays out of a push to everyone. (The hub's options leave out nulls in general: that is no reason to
    /// drop a column, whose rows may hold values.)
    /// </summary>
    private JsonPropertyInfo[] Columns(JsonSerializerOptions options)
    {
        if (_known is { } known && ReferenceEquals(known.Options, options)) return known.Columns;
        var columns = options.GetTypeInfo(typeof(T)).Properties
            .Where(p => p.Get is not null && p.AttributeProvider?.IsDefined(typeof(System.Text.Json.Serialization.JsonIgnoreAttribute), true) != true).ToArray();
        _known = new Known(options, columns);
        return columns;
    }
}
