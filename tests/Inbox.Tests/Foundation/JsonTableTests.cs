using System.Text.Json;
using Inbox.Core.Conversations;
using Inbox.Core.Intake;

namespace Inbox.Tests.Foundation;

public class JsonTableTests
{
    // The hub's JSON protocol names properties in camelCase, as these options do.
    private static readonly JsonSerializerOptions Hub = new(JsonSerializerDefaults.Web);

    private static IntakeBatchView Batch() => new(
        [new MessageArrival(7, 3, "email", "in", "<a@x>", 1000), new MessageArrival(8, 4, "x", "in", "1888", 2000)],
        [
            new ConversationView { Id = 3, CustomerName = "Léa \"L\" Martin", Channel = "email", Preview = "colis, jamais reçu", LastMessageAt = 1000, TimerDueAt = 5000 },
            new ConversationView { Id = 4, CustomerName = "Pixel", Handle = "thepixel", Channel = "x", ClusterId = 3, LinkedCount = 1, Tags = ["refund", "vip"] },
        ]);

    [Fact]
    public void EachListNamesItsColumnsOnceThenGivesEachRowAsValuesInThatOrder()
    {
        var json = JsonSerializer.Serialize(Batch(), Hub);
        using var doc = JsonDocument.Parse(json);
        var arrived = doc.RootElement.GetProperty("arrived");
        Assert.Equal(["id", "conversationId", "channel", "direction", "externalId", "sentAt"], arrived.GetProperty("columns").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal("[8,4,\"x\",\"in\",\"1888\",2000]", arrived.GetProperty("rows")[1].GetRawText());
        var conversations = doc.RootElement.GetProperty("conversations");
        var columns = conversations.GetProperty("columns").EnumerateArray().Select(c => c.GetString()!).ToList();
        var first = conversations.GetProperty("rows")[0];
        Assert.Equal(columns.Count, first.GetArrayLength());
        Assert.Equal("Léa \"L\" Martin", first[columns.IndexOf("customerName")].GetString());
        Assert.Equal(JsonValueKind.Null, first[columns.IndexOf("handle")].ValueKind);
        Assert.Equal(5000, first[columns.IndexOf("timerDueAt")].GetInt64());
        Assert.Equal(1, json.Split("\"customerName\"").Length - 1);
        Assert.Equal("[\"refund\",\"vip\"]", conversations.GetProperty("rows")[1][columns.IndexOf("tags")].GetRawText());
        Assert.DoesNotContain("tagList", columns);
        Assert.DoesNotContain("seenInboundAt", columns);
    }

    /// <summary>The hub's own options (InboxApp): nulls left out of objects, accented letters unescaped.</summary>
    private static readonly JsonSerializerOptions HubAsConfigured = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All),
    };

    [Fact]
    public void WithTheHubsOptionsEveryColumnIsThereNullsIncluded()
    {
        using var doc = JsonDocument.Parse(JsonSerializer.Serialize(Batch(), HubAsConfigured));
        var columns = doc.RootElement.GetProperty("conversations").GetProperty("columns").EnumerateArray().Select(c => c.GetString()!).ToList();
        Assert.Contains("handle", columns); // null in the first row, set in the second
        Assert.Contains("timerDueAt", columns);
        Assert.Contains("assignedAgentId", columns);
        Assert.DoesNotContain("seenInboundAt", columns);
        Assert.Equal("thepixel", doc.RootElement.GetProperty("conversations").GetProperty("rows")[1][columns.IndexOf("handle")].GetString());
    }

    [Fact]
    public void AValueForOneAgentIsNoColumnOfAPushToEveryone()
    {
        var batch = Batch() with { Conversations = [new ConversationView { Id = 3, Channel = "email", LastInboundAt = 10, SeenInboundAt = 9 }] };
        var json = JsonSerializer.Serialize(batch, Hub);
        Assert.DoesNotContain("seenInboundAt", json);
        // Alone (the list an agent asks for), it is written when set, and left out when not.
        Assert.Contains("\"seenInboundAt\":9", JsonSerializer.Serialize(batch.Conversations[0], Hub));
        Assert.DoesNotContain("seenInboundAt", JsonSerializer.Serialize(new ConversationView { Id = 3 }, Hub));
    }

    [Fact]
    public void ADotnetClientReadsTheTablesBackAsTheRecords()
    {
        var batch = Batch();
        var back = JsonSerializer.Deserialize<IntakeBatchView>(JsonSerializer.Serialize(batch, Hub), Hub)!;
        Assert.Equal(batch.Arrived, back.Arrived);
        Assert.Equal(batch.Conversations, back.Conversations);
    }
}
