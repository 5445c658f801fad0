using Inbox.Core.Intake;
using Inbox.Core.Replay;
using Inbox.Tests.Support;
using Xunit;

namespace Inbox.Tests.Foundation;

/// <summary>The intake's one writer connection lasts from batch to batch, so its compiled statements do.</summary>
public sealed class IntakeWriterTests
{
    private static Task TakeInAsync(InboxServer server, string id, string name, string text) => ScenarioIntake.FeedAsync(server, new ScenarioEvent
    {
        Id = id, At = DateTimeOffset.UtcNow, Channel = "email",
        Customer = new ScenarioCustomer { Name = name, Email = $"{id}@example.org" }, Text = text,
    });

    [Fact]
    public async Task BatchesShareOneWriterConnectionAndItsCompiledStatements()
    {
        await using var server = await InboxServer.StartAsync();
        var pipeline = server.Get<IntakePipeline>();
        await TakeInAsync(server, "w1", "Léa Petit", "Ma commande n'est pas arrivée.");
        var writer = Assert.IsType<Inbox.Core.Storage.CachingSqliteConnection>(pipeline.Writer);
        var compiled = writer.Cached.ToDictionary();
        Assert.NotEmpty(compiled);
        await TakeInAsync(server, "w2", "Hugo Martin", "Le colis est abîmé.");
        Assert.Same(writer, pipeline.Writer);
        // The second batch ran the statements the first compiled, not compiled copies (it may have met new texts too).
        foreach (var (sql, command) in compiled) Assert.Same(command, writer.Cached[sql]);
    }
}
