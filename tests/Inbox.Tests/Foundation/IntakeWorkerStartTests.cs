using Inbox.Core.Intake;
using Inbox.Core.Replay;
using Inbox.Tests.Support;
using Inbox.Web.Background;
using Inbox.Web.Inbound;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace Inbox.Tests.Foundation;

/// <summary>Raw events a restart left pending are queued while the host starts, before the server takes requests.</summary>
public sealed class IntakeWorkerStartTests
{
    [Fact]
    public async Task PendingRawEventsAreQueuedByTheStartItself()
    {
        await using var server = await InboxServer.StartAsync();
        // Stored and never processed, as a crash between the two would leave it.
        ScenarioIntake.Store(server, new ScenarioEvent
        {
            Id = "left-pending", At = DateTimeOffset.UtcNow, Channel = "email",
            Customer = new ScenarioCustomer { Name = "Léa Petit", Email = "lea@example.org" }, Text = "Ma commande n'est pas arrivée.",
        });
        var queue = new IntakeQueue();
        var worker = new IntakeWorker(queue, server.Get<IntakePipeline>(), server.Get<RawEventStore>(), NullLogger<IntakeWorker>.Instance);
        // A start that is cancelled at once never runs ExecuteAsync (the thread pool's part): what is queued was queued by the start.
        await worker.StartAsync(new CancellationToken(canceled: true));
        Assert.Equal(1, queue.Pending);
        await worker.StopAsync(CancellationToken.None);
    }
}
