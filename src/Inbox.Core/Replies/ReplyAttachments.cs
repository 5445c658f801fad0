using System.Globalization;
using Inbox.Core.Model;

namespace Inbox.Core.Replies;

/// <summary>A file an agent sends with a reply (a return label, an invoice, a photo of the part).</summary>
public sealed record ReplyAttachment(string FileName, string ContentType, byte[] Content);

/// <summary>
/// The checks every reply's files pass before anything is stored, whatever the channel: how many, how large in all,
/// a name that is only a name. Each channel's own limits (WhatsApp's 5 MB image, X's none at all) are the sender's
/// (IAttachmentRules).
/// </summary>
public static class ReplyAttachments
{
    public const int MaxFiles = 10;

    public static Refusal? Check(IReadOnlyList<ReplyAttachment> files, long maxBytes)
    {
        if (files.Count > MaxFiles)
            return new Refusal($"at most {MaxFiles} files per reply ({files.Count} attached)", $"{MaxFiles} fichiers au plus par réponse ({files.Count} joints)");
        if (files.FirstOrDefault(f => f.Content is not { Length: > 0 }) is { } empty)
            return new Refusal($"the file {Name(empty.FileName)} is empty", $"le fichier {Name(empty.FileName)} est vide");
        var total = files.Sum(f => (long)f.Content.Length);
        if (total > maxBytes)
            // In KB, to the unit: "10 MB in all, at most 10 MB" would not say why.
            return new Refusal($"attachments too large: {Kb(total, ",")} KB in all, at most {Kb(maxBytes, ",")} KB per reply",
                $"pièces jointes trop lourdes : {Kb(total, "\u202f")} Ko en tout, {Kb(maxBytes, "\u202f")} Ko au plus par réponse");
        return null;
    }

    /// <summary>
    /// The name alone: a browser sends "label.pdf", some send a path ("C:\Users\…\label.pdf"); control characters and
    /// quotes go (the name goes into MIME headers and platform forms), and it stays under 200 characters.
    /// </summary>
    public static string Name(string? fileName)
    {
        var name = (fileName ?? "").Replace('\\', '/');
        name = name[(name.LastIndexOf('/') + 1)..];
        name = new string([.. name.Where(ch => !char.IsControl(ch) && ch != '"')]).Trim();
        if (name.Length > 200) name = name[..100] + "…" + name[^99..];
        return name.Length == 0 ? "file" : name;
    }

    /// <summary>The declared type when it looks like one ("image/png"), else a generic one: never trusted for display (downloads are sandboxed).</summary>
    public static string ContentType(string? declared) =>
        declared is { Length: > 2 and < 100 } t && t.Count(ch => ch == '/') == 1 && !t.Any(ch => char.IsWhiteSpace(ch) || char.IsControl(ch) || ch is '"' or ';')
            ? t.ToLowerInvariant()
            : "application/octet-stream";

    public static string Size(long bytes) => bytes >= 1024 * 1024
        ? (bytes / (1024.0 * 1024)).ToString("0.#", CultureInfo.InvariantCulture) + " MB"
        : $"{Math.Max(1, bytes / 1024)} KB";

    /// <summary>Kilobytes, rounded up, thousands apart (a comma in English, a narrow space in French).</summary>
    private static string Kb(long bytes, string separator) => ((bytes + 1023) / 1024).ToString("N0", CultureInfo.InvariantCulture).Replace(",", separator);
    public static string SizeFr(long bytes) => Size(bytes).Replace('.', ',').Replace("MB", "Mo").Replace("KB", "Ko");
}
