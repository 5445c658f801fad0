using Inbox.Core.Outbox;

namespace Inbox.Core.Channels.Social;

/// <summary>
/// What the compose box shows before sending: the length limit and the messaging window.
/// Window is "open" (free reply until OpenUntil), "tag" (a message tag such as HUMAN_AGENT is used, until
/// OpenUntil), "closed" (Reason says why, ReasonFr in French for the French page) or "none" (the channel has no window).
/// </summary>
public sealed record ComposeInfo(string Channel, bool IsPublic, int? MaxLength, string Window, long? OpenUntil = null, string? Tag = null, string? Reason = null, string? ReasonFr = null);

/// <summary>Senders that have platform rules describe them; Check refuses with the same rules.</summary>
public interface IComposeRules
{
    ComposeInfo Describe(Outbound draft, long now);
}

public static class MessagingWindow
{
    public const long Hour = 3_600_000L;
    public const long Day = 24 * Hour;

    /// <summary>The refusal for a draft under these rules, or null when it may be sent.</summary>
    public static string? Refusal(ComposeInfo info, string text)
    {
        if (info.Window == "closed") return info.Reason ?? "the messaging window is closed";
        if (info.MaxLength is { } max && Length(info, text) is var length && length > max)
            return $"too long for {Label(info.Channel)}: {length} characters, at most {max} allowed";
        return null;
    }

    /// <summary>The same refusal in French, for the French page.</summary>
    public static string? RefusalFr(ComposeInfo info, string text)
    {
        if (info.Window == "closed") return info.ReasonFr ?? "la fenêtre de messagerie est fermée";
        if (info.MaxLength is { } max && Length(info, text) is var length && length > max)
            return $"trop long pour {Label(info.Channel)} : {length} caractères, {max} au plus";
        return null;
    }

    /// <summary>The length the platform holds the text to: a tweet is counted X's way (links 23, CJK and emoji 2).</summary>
    public static int Length(ComposeInfo info, string text) =>
        info.Channel == "x" && info.IsPublic ? X.XText.WeightedLength(text) : text.Length;

    public static string Label(string channel) => channel switch
    {
        "messenger" => "Messenger", "instagram" => "Instagram", "whatsapp" => "WhatsApp", "x" => "X", _ => channel,
    };

    public static string Ago(long ms) => ms >= 2 * Day ? $"{ms / Day} days" : $"{ms / Hour} hours";
    public static string AgoFr(long ms) => ms >= 2 * Day ? $"{ms / Day} jours" : $"{ms / Hour} heures";
}

/// <summary>A draft checked before it is stored carries only the conversation id: read the public flag from storage.</summary>
public static class PublicFlag
{
    public static bool Of(Storage.Db db, Outbound draft)
    {
        if (draft.IsPublic || draft.ConversationId == 0) return draft.IsPublic;
        using var c = db.Open();
        return Dapper.SqlMapper.ExecuteScalar<bool>(c, "SELECT is_public FROM conversations WHERE id = @ConversationId", new { draft.ConversationId });
    }
}
