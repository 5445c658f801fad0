using System.Data.Common;
using Inbox.Core.Realtime;

namespace Inbox.Core.Intake;

/// <summary>A message as stored, handed to the pipeline steps that follow storage.</summary>
public sealed record StoredMessage(
    long MessageId, long ConversationId, long CustomerId, long? IdentityId, string Channel, string Direction,
    string Text, string DisplayText, long SentAt, bool NewConversation, IReadOnlyList<string> Tags, string? ClientRef);

/// <summary>
/// The unit of work of one intake or one reply: every step writes through the same transaction, so a
/// crash leaves either all of it or none; pushes are queued and sent only after the commit.
/// </summary>
public sealed class IntakeContext(DbConnection connection, DbTransaction transaction, long now)
{
    private readonly List<Func<IBroadcaster, Task>> _pushes = [];
    private readonly List<Action> _onCommitted = [];

    public DbConnection Connection { get; } = connection;
    public DbTransaction Transaction { get; } = transaction;
    public long Now { get; } = now;

    public void Push(Func<IBroadcaster, Task> push) => _pushes.Add(push);

    /// <summary>
    /// Work on in-memory state (indexes, schedulers) that must happen only once the transaction has
    /// committed: a rolled-back batch is retried and its row ids may be reused.
    /// </summary>
    public void OnCommitted(Action action) => _onCommitted.Add(action);

    public void Committed()
    {
        foreach (var a in _onCommitted) a();
        _onCommitted.Clear();
    }

    public async Task FlushAsync(IBroadcaster broadcaster)
    {
        foreach (var push in _pushes) await push(broadcaster);
        _pushes.Clear();
    }
}
