using Dapper;
using Inbox.Core.Model;
using Inbox.Core.Storage;

namespace Inbox.Core.Agents;

/// <summary>
/// Each agent's email signature: added under the agent's email replies after the standard "-- " line (which mail
/// clients and Inbox's own reply parser know to leave out of a quoted answer). Kept out of the message's text, so the
/// consistency check compares answers, not the agents' names and phone lines.
/// </summary>
public sealed class Signatures(Db db)
{
    public const int MaxLength = 600;
    public const int MaxLines = 8;

    public string? Get(long agentId)
    {
        using var c = db.Open();
        return c.QuerySingleOrDefault<string?>("SELECT signature FROM agents WHERE id = @agentId", new { agentId });
    }

    /// <returns>null when kept (an empty text removes the signature), else why not.</returns>
    public Refusal? Set(long agentId, string? text)
    {
        var clean = Clean(text);
        if (clean is { Length: > MaxLength })
            return new Refusal($"a signature has at most {MaxLength} characters ({clean.Length} given)", $"une signature a {MaxLength} caractères au plus ({clean.Length} donnés)");
        if (clean?.Split('\n').Length > MaxLines)
            return new Refusal($"a signature has at most {MaxLines} lines", $"une signature a {MaxLines} lignes au plus");
        using var c = db.Open();
        c.Execute("UPDATE agents SET signature = @clean WHERE id = @agentId", new { clean, agentId });
        return null;
    }

    /// <summary>Line ends made \n, each line's trailing spaces and the blank lines around it taken off; a "-- " line the agent typed is dropped (Inbox adds it).</summary>
    public static string? Clean(string? text)
    {
        var lines = (text ?? "").Replace("\r\n", "\n").Replace('\r', '\n').Split('\n').Select(l => l.TrimEnd()).ToList();
        if (lines.Count > 0 && lines[0] is "--" or "-- ") lines.RemoveAt(0);
        var joined = string.Join('\n', lines).Trim('\n', ' ');
        return joined.Length == 0 ? null : joined;
    }

    /// <summary>The body of an email as sent: the reply, then the signature under the standard delimiter line.</summary>
    public static string EmailBody(string text, string? signature) =>
        string.IsNullOrEmpty(signature) ? text : $"{text}\n\n-- \n{signature}";
}
