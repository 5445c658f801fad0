using System.Collections.Concurrent;
using Dapper;
using Inbox.Core.Channels.WebChat;
using Inbox.Core.Realtime;
using Inbox.Core.Storage;

namespace Inbox.Web.Channels.WebChat;

/// <summary>
/// Which web chat visitors have the chat page open (a connection to the visitors' hub), per process: the agents who
/// have one of their conversations open see "on the chat page now" or "left 5 min ago" — whether an answer will be
/// read at once or on the visitor's return. Told to the conversation's viewers as it changes.
/// </summary>
public sealed class ChatPresence(Db db, TimeProvider clock, IBroadcaster broadcaster)
{
    private sealed class Visitor { public int Connections; public long? LeftAt; }

    /// <summary>When this process started keeping count: a visitor not seen since may have been on the page before a restart.</summary>
    public long Since { get; } = clock.GetUtcNow().ToUnixTimeMilliseconds();
    private readonly ConcurrentDictionary<string, Visitor> _visitors = new();

    public Task ConnectedAsync(string visitorId)
    {
        var v = _visitors.GetOrAdd(visitorId, _ => new Visitor());
        lock (v) { v.Connections++; v.LeftAt = null; }
        return TellAsync(visitorId);
    }

    public Task DisconnectedAsync(string visitorId)
    {
        if (!_visitors.TryGetValue(visitorId, out var v)) return Task.CompletedTask;
        lock (v) { v.Connections = Math.Max(0, v.Connections - 1); if (v.Connections == 0) v.LeftAt = clock.GetUtcNow().ToUnixTimeMilliseconds(); }
        return TellAsync(visitorId);
    }

    /// <summary>Whether the visitor has the chat page open, and when they left it (null: not since Inbox started).</summary>
    public (bool Online, long? LeftAt) Of(string visitorId)
    {
        if (!_visitors.TryGetValue(visitorId, out var v)) return (false, null);
        lock (v) return (v.Connections > 0, v.LeftAt);
    }

    /// <summary>The visitor of a web chat conversation, as now; null when it is not a web chat conversation.</summary>
    public VisitorPresenceView? For(long conversationId)
    {
        using var c = db.Open();
        var visitor = c.ExecuteScalar<string?>("""
            SELECT i.external_id FROM conversations cv JOIN identities i ON i.id = cv.identity_id
            WHERE cv.id = @conversationId AND cv.channel = 'webchat'
            """, new { conversationId });
        return visitor is null ? null : View(conversationId, visitor);
    }

    private VisitorPresenceView View(long conversationId, string visitorId)
    {
        if (!_visitors.TryGetValue(visitorId, out var v)) return new(conversationId, false, null);
        lock (v) return new(conversationId, v.Connections > 0, v.LeftAt);
    }

    private readonly ConcurrentDictionary<string, long> _lastTyping = new();

    /// <summary>
    /// The visitor is typing: the agents who have their latest chat open see "Léa typing…", as for a colleague (at most one
    /// signal per connection every two seconds).
    /// </summary>
    public async Task TypingAsync(string connectionId, string visitorId)
    {
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        if (_lastTyping.TryGetValue(connectionId, out var last) && now - last < 2000) return;
        _lastTyping[connectionId] = now;
        (long Id, string Name)? latest;
        using (var c = db.Open())
            latest = c.QueryFirstOrDefault<(long, string)?>("""
                SELECT cv.id, cu.display_name FROM conversations cv JOIN identities i ON i.id = cv.identity_id JOIN customers cu ON cu.id = cv.customer_id
                WHERE i.channel = 'webchat' AND i.external_id = @visitorId ORDER BY cv.last_message_at DESC LIMIT 1
                """, new { visitorId });
        if (latest is { } conversation)
            await broadcaster.Conversation(conversation.Id).Typing(new Core.Collision.TypingView(conversation.Id, 0, conversation.Name));
    }

    public void Forget(string connectionId) => _lastTyping.TryRemove(connectionId, out _);

    /// <summary>The agents who have one of the visitor's conversations open.</summary>
    private async Task TellAsync(string visitorId)
    {
        List<long> conversations;
        using (var c = db.Open())
            conversations = c.Query<long>("""
                SELECT cv.id FROM conversations cv JOIN identities i ON i.id = cv.identity_id
                WHERE i.channel = 'webchat' AND i.external_id = @visitorId
                """, new { visitorId }).AsList();
        foreach (var id in conversations) await broadcaster.Conversation(id).VisitorPresence(View(id, visitorId));
    }
}
