using Inbox.Core.Channels.Email;
using Inbox.Core.Intake;
using Inbox.Web.Inbound;

namespace Inbox.Web.Channels.Email;

/// <summary>One IMAP watcher per configured mailbox (Inbox:Email:Mailboxes), for the life of the host.</summary>
public sealed class ImapIntakeService(
    EmailOptions options, ImapCheckpoints checkpoints, IntakePipeline pipeline, IntakeQueue queue, ILogger<ImapIntakeService> log) : BackgroundService
{
    public IReadOnlyList<ImapMailboxWatcher> Watchers { get; } = options.Mailboxes
        .Select(m => new ImapMailboxWatcher(m, options, checkpoints, pipeline, queue, log)).ToList();

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Watchers.Select(w => Task.Run(() => w.RunAsync(stoppingToken), stoppingToken)));
}
