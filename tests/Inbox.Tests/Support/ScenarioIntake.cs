using System.Text;
using Inbox.Core.Intake;
using Inbox.Core.Replay;

namespace Inbox.Tests.Support;

/// <summary>Scenario events into the real intake pipeline as their channel's normalizer makes them, without the channel's wire format.</summary>
public static class ScenarioIntake
{
    /// <summary>Stored as a raw event (keyed by the event id), with its parse: what ProcessAsync and ProcessBatchAsync take.</summary>
    public static (long RawId, NormalizeResult Parsed) Store(InboxServer server, ScenarioEvent e) =>
        (server.Get<RawEventStore>().Store("scenario", "application/json", new Dictionary<string, string>(), Encoding.UTF8.GetBytes(e.Id), e.Id).Id,
            NormalizeResult.Of(ScenarioMessages.ToMessage(e)));

    /// <summary>Stored and processed, as one intake batch.</summary>
    public static Task FeedAsync(InboxServer server, ScenarioEvent e)
    {
        var (rawId, parsed) = Store(server, e);
        return server.Get<IntakePipeline>().ProcessAsync(rawId, parsed);
    }
}
