namespace Inbox.Core.Collision;

/// <summary>An agent looking at a conversation.</summary>
public sealed record Viewer(long AgentId, string Name);

/// <summary>Everyone currently viewing one conversation (pushed on every join and leave).</summary>
public sealed record PresenceView(long ConversationId, IReadOnlyList<Viewer> Viewers);

/// <summary>An agent is typing a reply in a conversation.</summary>
public sealed record TypingView(long ConversationId, long AgentId, string Name);

/// <summary>A conversation's assignee changed (AgentId null: unassigned).</summary>
public sealed record AssignmentView(long ConversationId, long? AgentId, string? AgentName, long ByAgentId);
