namespace Inbox.Core.Consistency;

/// <summary>
/// French or English, from the little words a text is made of (hand-written: two languages, a dozen common words each,
/// are all the draft guard needs to pick the reference answers written in the draft's language).
/// </summary>
public static class TextLanguage
{
    private static readonly HashSet<string> French = ["le", "la", "les", "de", "des", "du", "un", "une", "et", "est", "vous", "votre", "vos",
        "nous", "je", "pour", "sur", "dans", "pas", "sous", "avec", "bonjour", "merci", "ne", "que", "qui", "au", "aux"];
    private static readonly HashSet<string> English = ["the", "a", "an", "and", "is", "are", "you", "your", "we", "i", "for", "on", "in",
        "not", "within", "with", "hello", "hi", "thanks", "thank", "to", "of", "it", "will", "be", "that", "this"];

    /// <summary>"fr" or "en" when one language's words clearly outnumber the other's (at least two, and more), else null.</summary>
    public static string? Guess(string text)
    {
        int fr = 0, en = 0;
        foreach (var word in text.ToLowerInvariant().Split([' ', '\n', '\t', ',', '.', ';', ':', '!', '?', '(', ')', '"', '«', '»', '’', '\''],
                     StringSplitOptions.RemoveEmptyEntries))
        {
            if (French.Contains(word)) fr++;
            if (English.Contains(word)) en++;
        }
        return fr >= 2 && fr > en ? "fr" : en >= 2 && en > fr ? "en" : null;
    }
}
