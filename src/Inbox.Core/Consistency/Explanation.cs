namespace Inbox.Core.Consistency;

/// <summary>
/// Conflicts in words, in English and French: "delay — email: “within 5 business days” / Messenger: “within 14 days”".
/// Phrases are quoted from the answers themselves so the reader sees the actual wording.
/// </summary>
public static class Explanation
{
    private static readonly Dictionary<FactKind, (string En, string Fr)> Labels = new()
    {
        [FactKind.Amount] = ("amount", "montant"), [FactKind.Duration] = ("delay", "délai"), [FactKind.Date] = ("date", "date"),
        [FactKind.Percent] = ("percentage", "pourcentage"), [FactKind.Reference] = ("reference", "référence"),
        [FactKind.Url] = ("link", "lien"), [FactKind.Email] = ("email address", "adresse e-mail"),
        [FactKind.Phone] = ("phone number", "numéro de téléphone"), [FactKind.Procedure] = ("procedure", "démarche"),
        [FactKind.Decision] = ("decision", "décision"),
    };

    private static readonly Dictionary<string, (string En, string Fr)> Topics = new()
    {
        ["refund"] = ("refund", "remboursement"), ["cancel"] = ("cancellation", "annulation"), ["replace"] = ("replacement", "remplacement"),
        ["address"] = ("address change", "changement d'adresse"), ["fraud"] = ("fraud claim", "fraude"), ["unlock"] = ("unlocking", "déblocage"),
        ["duplicate charge"] = ("duplicate charge", "double débit"), ["refusal"] = ("refusal", "refus"),
    };

    /// <summary>Where a reference answer "was said" in an explanation: the team's saved word, not a channel.</summary>
    public const string ReferenceChannel = "reference";

    public static string Channel(string channel, string lang) => channel switch
    {
        "email" => lang == "fr" ? "e-mail" : "email",
        "messenger" => "Messenger", "instagram" => "Instagram", "whatsapp" => "WhatsApp", "x" => "X",
        "webchat" => lang == "fr" ? "chat web" : "web chat",
        ReferenceChannel => lang == "fr" ? "réponse de référence" : "reference answer",
        _ => channel,
    };

    public static string Label(Conflict c, string lang)
    {
        var (en, fr) = Labels[c.Kind];
        var label = lang == "fr" ? fr : en;
        if (c.Kind == FactKind.Decision && Topics.TryGetValue(c.Topic, out var t)) label += " (" + (lang == "fr" ? t.Fr : t.En) + ")";
        return label;
    }

    public static string Render(IReadOnlyList<Conflict> conflicts, AnswerFacts a, string channelA, AnswerFacts b, string channelB, string lang)
    {
        var (open, close) = lang == "fr" ? ("« ", " »") : ("“", "”");
        return string.Join("; ", conflicts.Select(c =>
            $"{Label(c, lang)} — {Channel(channelA, lang)}: {open}{Phrase(a.Text, c.A)}{close} / {Channel(channelB, lang)}: {open}{Phrase(b.Text, c.B)}{close}"));
    }

    /// <summary>
    /// The fact with the words around it in its clause ("refund within 5 business days"), at most ~90 characters. A clause
    /// longer than that is cut between words, with "…" where it goes on ("… votre compte est débloqué sous 2 jours").
    /// </summary>
    public static string Phrase(string text, Fact f)
    {
        if (f.Kind is FactKind.Decision or FactKind.Procedure) return Cut(text.Substring(f.Start, f.Length), 90);
        var start = f.Start;
        var end = f.Start + f.Length;
        while (start > 0 && f.Start - start < 45 && !IsBreak(text, start - 1)) start--;
        while (end < text.Length && end - (f.Start + f.Length) < 30 && !IsBreak(text, end)) end++;
        // Stopped by the length, not by the clause's punctuation: the quote goes on, and must not start or end inside a word.
        var cutBefore = start > 0 && !IsBreak(text, start - 1);
        if (cutBefore && !char.IsWhiteSpace(text[start - 1]) && text.IndexOf(' ', start, f.Start - start) is var space and >= 0) start = space + 1;
        var cutAfter = end < text.Length && !IsBreak(text, end);
        if (cutAfter && !char.IsWhiteSpace(text[end]) && text.LastIndexOf(' ', end - 1, end - (f.Start + f.Length)) is var last and >= 0) end = last;
        var phrase = text[start..end].Trim();
        return Cut((cutBefore ? "… " : "") + phrase + (cutAfter ? " …" : ""), 100);
    }

    /// <summary>Punctuation ends a clause only when a space follows: "€112.50" and "1,5" stay whole.</summary>
    private static bool IsBreak(string text, int i) =>
        text[i] is ';' or '!' or '?' or '\n' || text[i] is '.' or ',' or ':' && (i + 1 >= text.Length || char.IsWhiteSpace(text[i + 1]));

    /// <summary>At most max characters, cut after a whole word (or at max when a single word runs that long).</summary>
    private static string Cut(string s, int max)
    {
        s = s.Trim();
        if (s.Length <= max) return s;
        var space = s.LastIndexOf(' ', max);
        return s[..(space > max / 2 ? space : max)].TrimEnd(' ', '…') + " …";
    }
}
