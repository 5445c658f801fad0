using System.Text;
using Inbox.Core.Intake;
using Inbox.Core.Replay;
using Inbox.Tests.Support;
using Xunit;

namespace Inbox.Tests.Foundation;

/// <summary>The intake's one writer connection lasts from batch to batch, so its compiled statements do.</summary>
public sealed class IntakeWriterTests
{
    private static async Task TakeInAsync(InboxServer server, string id, string text)
    {
        var e = new ScenarioEvent
        {
            Id = id, At = DateTimeOffset.UtcNow, Channel = "email",
            Customer = new ScenarioCustomer { Name = "Léa Petit", Email = $"{id}@example.org" }, Text = text,
        };
        var rawId = server.Get<RawEventStore>().Store("scenario", "application/json", new Dictionary<string, string>(), Encoding.UTF8.GetBytes(id), id).Id;
        await server.Get<IntakePipeline>().ProcessAsync(rawId, NormalizeResult.Of(ScenarioMessages.ToMessage(e)));
    }

    [Fact]
    public async Task BatchesShareOneWriterConnectionAndItsCompiledStatements()
    {
        await using var server = await InboxServer.StartAsync();
        var pipeline = server.Get<IntakePipeline>();
        await TakeInAsync(server, "w1", "Ma commande n'est pas arrivée.");
        var writer = Assert.IsType<Inbox.Core.Storage.CachingSqliteConnection>(pipeline.Writer);
        var compiled = writer.CachedCount;
        await TakeInAsync(server, "w2", "Le colis est abîmé.");
        Assert.Same(writer, pipeline.Writer);
        // The second message of the same kind ran the statements the first compiled.
        Assert.Equal(compiled, writer.CachedCount);
    }
}
