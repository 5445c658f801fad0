using System.Text.Json;
using System.Text.Json.Serialization;

namespace Inbox.Core.Replay;

/// <summary>One line of a scenario file (see SCENARIOS.md).</summary>
public sealed record ScenarioEvent
{
    public string Id { get; init; } = "";
    public DateTimeOffset At { get; init; }
    public string Channel { get; init; } = "";
    /// <summary>X only: "mention" or "dm".</summary>
    public string? Kind { get; init; }
    public string Direction { get; init; } = "in";
    public ScenarioCustomer? Customer { get; init; }
    public string? Subject { get; init; }
    public string Text { get; init; } = "";
    public string? InReplyTo { get; init; }
    public string? Agent { get; init; }
    public string? Lang { get; init; }
}

public sealed record ScenarioCustomer
{
    public string? Name { get; init; }
    public string? Email { get; init; }
    public string? Psid { get; init; }
    public string? Igsid { get; init; }
    public string? WaId { get; init; }
    public string? Handle { get; init; }
    public string? XId { get; init; }
}

public static class Scenario
{
    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static IReadOnlyList<ScenarioEvent> Load(string path) =>
        File.ReadLines(path).Where(l => l.Trim().Length > 0)
            .Select((l, i) => JsonSerializer.Deserialize<ScenarioEvent>(l, Json) ?? throw new FormatException($"{path}:{i + 1}: empty event"))
            .ToList();

    /// <summary>The channel message id replay gives an event (SCENARIOS.md): the email Message-ID, else the id itself.</summary>
    public static string ExternalId(string channel, string eventId) =>
        channel == Model.ChannelName.Email ? $"<{eventId}@scenario.invalid>" : eventId;
}
