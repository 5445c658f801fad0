using System.Collections.Specialized;
using Inbox.Core.Model;

namespace Inbox.Core.Conversations;

/// <summary>
/// The list's filters as the page writes them in a query string (channel=email&amp;assigned=me&amp;tag=refund), read
/// into a <see cref="ConversationFilter"/> for the agent asking. One reader for the list API and for saved views, so
/// a view shows exactly what the same filters show in the list. "assigned=me" is whoever reads it.
/// </summary>
public static class ListQuery
{
    /// <summary>The filters a saved view keeps (not paging: before, limit; not one customer's conversations).</summary>
    public static readonly IReadOnlyList<string> ViewKeys = ["channel", "status", "assigned", "tag", "unread", "automated", "search", "sort"];

    public static (ConversationFilter? Filter, Refusal? Error) Parse(Func<string, string?> arg, long reader)
    {
        static string? Value(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
        var channel = Value(arg("channel"));
        if (channel is not null && !ChannelName.All.Contains(channel))
            return (null, new($"channel must be one of {string.Join(", ", ChannelName.All)}", $"le canal est l’un de {string.Join(", ", ChannelName.All)}"));
        var status = Value(arg("status"));
        if (status is not (null or "open" or "pending" or "closed" or "spam"))
            return (null, new("status must be open, pending, closed or spam", "le statut est open, pending, closed ou spam"));
        // Spam is a list of its own rather than a status: a conversation marked as spam is closed.
        var spam = status == "spam";
        if (spam) status = null;
        // "me", "none" or an agent's id: an agent's own queue and the conversations nobody has taken yet.
        var assigned = Value(arg("assigned"));
        long? assignedTo = assigned switch { "me" => reader, _ when long.TryParse(assigned, out var id) => id, _ => null };
        if (assigned is not (null or "none") && assignedTo is null)
            return (null, new("assigned must be me, none or an agent id", "assigned vaut me, none ou le numéro d’un agent"));
        if (!Flag(arg("unread"), out var unread) || !Flag(arg("automated"), out var automated))
            return (null, new("unread and automated are true or false", "unread et automated valent true ou false"));
        long? customer = null, before = null;
        if (Value(arg("customer")) is { } cu) { if (!long.TryParse(cu, out var v)) return (null, new("customer is a number", "customer est un nombre")); customer = v; }
        if (Value(arg("before")) is { } b) { if (!long.TryParse(b, out var v)) return (null, new("before is a time in ms", "before est une date en ms")); before = v; }
        var sort = Value(arg("sort")) ?? "newest";
        if (sort is not ("newest" or "oldest" or "due" or "priority"))
            return (null, new("sort is newest, oldest, due or priority", "sort vaut newest, oldest, due ou priority"));
        var limit = 100;
        if (Value(arg("limit")) is { } l && !int.TryParse(l, out limit)) return (null, new("limit is a number", "limit est un nombre"));
        return (new ConversationFilter(channel, customer, status, Value(arg("search")), automated, before, limit, assignedTo,
            Unassigned: assigned == "none", Tag: Value(arg("tag"))?.ToLowerInvariant(), Reader: reader, Unread: unread, Sort: sort, Spam: spam), null);
    }

    /// <summary>
    /// A view's query as stored: its filters only, empty ones left out, in one order, so that the page can tell which
    /// view its current filters are. Null with the reason when the filters are not valid.
    /// </summary>
    public static (string? Query, Refusal? Error) ForView(string? query)
    {
        var args = System.Web.HttpUtility.ParseQueryString(query ?? "");
        var unknown = args.AllKeys.FirstOrDefault(k => k is null || !ViewKeys.Contains(k));
        if (unknown is not null)
            return (null, new($"a view keeps only {string.Join(", ", ViewKeys)}: not \"{unknown}\"", $"une vue ne garde que {string.Join(", ", ViewKeys)} : pas « {unknown} »"));
        var (_, error) = Parse(k => args[k], reader: 0);
        if (error is not null) return (null, error);
        var kept = ViewKeys.Where(k => !string.IsNullOrWhiteSpace(args[k]) && !string.Equals(args[k]!.Trim(), "false", StringComparison.OrdinalIgnoreCase)
                && !(k == "sort" && args[k]!.Trim() == "newest"))
            .Select(k => $"{k}={Uri.EscapeDataString(k == "tag" ? args[k]!.Trim().ToLowerInvariant() : args[k]!.Trim())}");
        return (string.Join('&', kept), null);
    }

    public static NameValueCollection Args(string query) => System.Web.HttpUtility.ParseQueryString(query);

    private static bool Flag(string? s, out bool value)
    {
        value = false;
        return string.IsNullOrWhiteSpace(s) || bool.TryParse(s.Trim(), out value);
    }
}
