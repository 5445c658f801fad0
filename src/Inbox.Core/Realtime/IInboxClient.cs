using Inbox.Core.Collision;
using Inbox.Core.Consistency;
using Inbox.Core.Conversations;

namespace Inbox.Core.Realtime;

/// <summary>The methods the server calls on browser clients (the typed SignalR hub's client side).</summary>
public interface IInboxClient
{
    /// <summary>A message in a conversation the client has open (OpenConversation): its full view.</summary>
    Task MessageAdded(MessageView message);
    /// <summary>What an intake batch changed, for every agent's list: the messages that arrived (ids) and the conversations' new state.</summary>
    Task IntakeBatch(Intake.IntakeBatchView batch);
    Task MessageChanged(MessageView message);
    /// <summary>An agent added an internal note to a conversation the client has open.</summary>
    Task NoteAdded(Notes.NoteView note);
    /// <summary>A note of a conversation the client has open was corrected or withdrawn by its author.</summary>
    Task NoteChanged(Notes.NoteView note);
    /// <summary>A colleague named this agent in a note (@username): sent to that agent's connections only.</summary>
    Task Mentioned(Notes.MentionView mention);
    /// <summary>This agent read a conversation, or marked it unread (SeenInboundAt null), in one of their tabs: the others follow.</summary>
    Task ReadChanged(Conversations.ReadMark mark);
    /// <summary>This agent saved or ended a draft in one of their tabs (Text empty: gone): their other tabs follow.</summary>
    Task DraftSaved(Drafts.DraftView draft);
    /// <summary>Who has an unsent draft in a conversation the client has open changed (names only, never the words).</summary>
    Task DraftsChanged(Drafts.ConversationDrafts drafts);
    Task ConversationChanged(ConversationView conversation);
    /// <summary>The team's note on a customer changed: a side panel showing that customer follows.</summary>
    Task CustomerNoteChanged(Customers.CustomerNoteView note);
    /// <summary>A duplicate link appeared or an agent confirmed/rejected it.</summary>
    Task DuplicateLinkChanged(Duplicates.DuplicateLinkView link);
    /// <summary>An identity merge was suggested, applied, dismissed or undone.</summary>
    Task CustomerMergeChanged(Duplicates.CustomerMergeView merge);
    /// <summary>Collision control: who views a conversation, who is typing in it, who owns it.</summary>
    Task Presence(PresenceView presence);
    Task Typing(TypingView typing);
    Task Assigned(AssignmentView assignment);
    /// <summary>A consistency flag was raised or changed status (leads, and the two conversations' groups).</summary>
    Task FlagChanged(FlagView flag);
    /// <summary>A web chat's visitor opened the chat page or left it (to the agents who have their conversation open).</summary>
    Task VisitorPresence(Channels.WebChat.VisitorPresenceView presence);
    /// <summary>A customer answered a satisfaction survey (or changed their answer): the side panel and the board follow.</summary>
    Task SurveyAnswered(Satisfaction.SurveyView survey);
    /// <summary>A response timer became at risk or breached (leads only).</summary>
    Task SlaAlert(Timers.SlaAlert alert);
}

/// <summary>Where Core pushes state changes. Implemented by the web host over IHubContext.</summary>
public interface IBroadcaster
{
    /// <summary>Every connected agent, lead and admin.</summary>
    IInboxClient Everyone { get; }
    /// <summary>Leads and admins only (board, flags, breaches).</summary>
    IInboxClient Leads { get; }
    /// <summary>Clients that have one conversation open.</summary>
    IInboxClient Conversation(long conversationId);
    /// <summary>One agent's connections (all their tabs).</summary>
    IInboxClient Agent(long agentId);
}

/// <summary>Group names shared by the hub and the broadcaster.</summary>
public static class Groups
{
    public const string Agents = "agents";
    public const string Leads = "leads";
    public static string Conversation(long id) => $"conversation:{id}";
}
