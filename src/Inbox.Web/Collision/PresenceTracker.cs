using System.Collections.Concurrent;
using Inbox.Core.Collision;

namespace Inbox.Web.Collision;

/// <summary>
/// Which hub connection views which conversation, in memory (presence is about this instant; a restart
/// simply starts empty and clients re-announce themselves on reconnect). Also throttles typing signals.
/// </summary>
public sealed class PresenceTracker(TimeProvider clock) : IOnlineAgents
{
    /// <summary>The agents with a live connection now (automatic assignment gives conversations to them only).</summary>
    public IReadOnlyCollection<long> Online => _connections.Values.Select(c => c.Viewer.AgentId).Distinct().ToList();

    /// <summary>At most one typing signal per connection and conversation in this interval.</summary>
    public static readonly TimeSpan TypingInterval = TimeSpan.FromSeconds(2);

    private sealed class Connection(Viewer viewer, Action abort)
    {
        public Viewer Viewer { get; } = viewer;
        public Action Abort { get; } = abort;
        public HashSet<long> Open { get; } = [];
        public Dictionary<long, DateTimeOffset> LastTyping { get; } = [];
    }

    private readonly ConcurrentDictionary<string, Connection> _connections = new();

    /// <param name="abort">Closes the connection (its HubCallerContext.Abort): an agent whose sessions end is cut off at once.</param>
    public void Connected(string connectionId, Viewer viewer, Action abort) => _connections[connectionId] = new Connection(viewer, abort);

    /// <summary>
    /// Closes every live connection of the agent (disabled, new role, new password): a WebSocket is checked when it opens,
    /// so without this a disabled agent would keep receiving the inbox until they reload. <paramref name="except"/> spares the
    /// page that changed its own password. Returns how many.
    /// </summary>
    public int Disconnect(long agentId, string? except = null)
    {
        var theirs = _connections.Where(c => c.Value.Viewer.AgentId == agentId && c.Key != except).Select(c => c.Value).ToList();
        foreach (var c in theirs) c.Abort();
        return theirs.Count;
    }

    /// <summary>Forgets the connection; returns the conversations whose viewers changed.</summary>
    public IReadOnlyList<long> Disconnected(string connectionId)
    {
        if (!_connections.TryRemove(connectionId, out var c)) return [];
        lock (c) return c.Open.ToList();
    }

    public bool Join(string connectionId, long conversationId) => Change(connectionId, c => c.Open.Add(conversationId));

    public bool Leave(string connectionId, long conversationId) => Change(connectionId, c => c.Open.Remove(conversationId));

    public bool IsViewing(string connectionId, long conversationId) => Change(connectionId, c => c.Open.Contains(conversationId));

    /// <summary>True when this typing signal should be passed on (the connection views it and is not over its rate).</summary>
    public bool AllowTyping(string connectionId, long conversationId) => Change(connectionId, c =>
    {
        if (!c.Open.Contains(conversationId)) return false;
        var now = clock.GetUtcNow();
        if (c.LastTyping.TryGetValue(conversationId, out var last) && now - last < TypingInterval) return false;
        c.LastTyping[conversationId] = now;
        return true;
    });

    public Viewer? ViewerOf(string connectionId) => _connections.TryGetValue(connectionId, out var c) ? c.Viewer : null;

    /// <summary>Distinct agents viewing one conversation (an agent with two tabs counts once).</summary>
    public PresenceView Viewers(long conversationId) => new(conversationId, Snapshot()
        .Where(x => x.Open.Contains(conversationId)).Select(x => x.Viewer).DistinctBy(v => v.AgentId).OrderBy(v => v.Name).ToList());

    /// <summary>Every conversation someone is viewing (for leads).</summary>
    public IReadOnlyList<PresenceView> All() => Snapshot().SelectMany(x => x.Open).Distinct().Order().Select(Viewers).ToList();

    private List<(Viewer Viewer, HashSet<long> Open)> Snapshot() =>
        _connections.Values.Select(c => { lock (c) return (c.Viewer, new HashSet<long>(c.Open)); }).ToList();

    private bool Change(string connectionId, Func<Connection, bool> change)
    {
        if (!_connections.TryGetValue(connectionId, out var c)) return false;
        lock (c) return change(c);
    }
}
