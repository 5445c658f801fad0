using System.Text.RegularExpressions;
using MimeKit;

namespace Inbox.Core.Channels.Email;

/// <summary>Conversation tokens we put in outgoing mail: a plus address reply+TOKEN@domain and a subject tag [#TOKEN].</summary>
public static partial class EmailThreading
{
    /// <summary>The token from a plus address in To/Cc/Delivered-To, else from a subject tag; null when there is none.</summary>
    public static string? TokenOf(MimeMessage mime)
    {
        var addresses = mime.To.Mailboxes.Concat(mime.Cc.Mailboxes).Select(m => m.Address)
            .Concat(mime.Headers.Where(h => h.Field.Equals("Delivered-To", StringComparison.OrdinalIgnoreCase) || h.Field.Equals("X-Original-To", StringComparison.OrdinalIgnoreCase)).Select(h => h.Value.Trim('<', '>', ' ')));
        foreach (var a in addresses)
            if (PlusRegex().Match(a ?? "") is { Success: true } m) return m.Groups[1].Value.ToLowerInvariant();
        return mime.Subject is { } s && SubjectRegex().Match(s) is { Success: true } t ? t.Groups[1].Value.ToLowerInvariant() : null;
    }

    public static string SubjectTag(string token) => $"[#{token}]";

    /// <summary>reply+TOKEN@domain, with the domain of the support address.</summary>
    public static string ReplyAddress(string prefix, string token, string supportAddress)
    {
        var at = supportAddress.LastIndexOf('@');
        return $"{prefix}+{token}@{(at >= 0 ? supportAddress[(at + 1)..] : supportAddress)}";
    }

    [GeneratedRegex(@"^[^+@\s]+\+([A-Za-z0-9-]{6,64})@", RegexOptions.CultureInvariant)]
    private static partial Regex PlusRegex();

    [GeneratedRegex(@"\[#([A-Za-z0-9-]{6,64})\]", RegexOptions.CultureInvariant)]
    private static partial Regex SubjectRegex();
}
