using System.Text.RegularExpressions;
using FuzzySharp;
using Inbox.Core.Model;

namespace Inbox.Core.Reports;

/// <summary>
/// What the grid needs to judge one answer: the answer, where it went, to whom, and what it answers; and the team's
/// reference answers as they stand (null when it has none: the check is then left out).
/// </summary>
public sealed record GradeInput(string Answer, string Channel, string? CustomerName, string Request, IReadOnlyList<ReferenceAnswer>? References = null);

/// <summary>A reference answer of the team's, its facts read once for a whole report.</summary>
public sealed record ReferenceAnswer(string Title, string? Language, Consistency.AnswerFacts Facts);

/// <summary>One check: passed, failed, or null when it does not apply (no known name, empty request).</summary>
public sealed record CheckResult(string Check, bool? Passed, string Note);

public sealed record Grade(IReadOnlyList<CheckResult> Checks, double Score)
{
    public IEnumerable<string> Failed => Checks.Where(c => c.Passed == false).Select(c => c.Check);
}

/// <summary>
/// Automatic checks on an answer in the spirit of mystery-shopper grids (Qualiweb, Élection du Service Client):
/// greeting, the customer addressed by name, the answer addresses the request, a concrete next step or delay,
/// a signature, a length that fits the channel, more than boilerplate; and, where the team has reference answers, no
/// contradiction of them (a delay, an amount, a phone number the team states otherwise). French and English. Pure: no I/O.
/// </summary>
public static class AnswerGrid
{
    public const string Greeting = "greeting", Name = "name", Relevance = "relevance", NextStep = "nextStep",
        Signature = "signature", Length = "length", Substance = "substance", Reference = "reference";
    public static readonly IReadOnlyList<string> CheckNames = [Greeting, Name, Relevance, NextStep, Signature, Length, Substance, Reference];

    public static Grade Grade(GradeInput input, string lang = "en")
    {
        var fr = lang == "fr";
        var text = input.Answer.Trim();
        var nameTokens = NameTokens(input.CustomerName);
        var checks = new List<CheckResult>
        {
            CheckGreeting(text, fr), CheckName(text, nameTokens, fr), CheckRelevance(text, input.Request, nameTokens, fr),
            CheckNextStep(text, fr), CheckSignature(text, fr), CheckLength(text, input.Channel, fr), CheckSubstance(text, nameTokens, fr),
        };
        if (input.References is { } references) checks.Add(CheckReference(text, references, fr));
        var applicable = checks.Where(c => c.Passed is not null).ToList();
        var score = applicable.Count == 0 ? 0 : (double)applicable.Count(c => c.Passed == true) / applicable.Count;
        return new Grade(checks, score);
    }

    /// <summary>
    /// Fails when the answer contradicts a reference answer (in the answer's language first, as the draft guard warns);
    /// passes when it states something a reference speaks of, in agreement; does not apply otherwise.
    /// </summary>
    private static CheckResult CheckReference(string text, IReadOnlyList<ReferenceAnswer> references, bool fr)
    {
        var facts = Consistency.FactExtractor.Extract(text);
        var contradicted = references.Where(r => Consistency.AnswerComparer.CompareWithReference(r.Facts, facts).Count > 0).ToList();
        if (contradicted.Count > 0)
        {
            var language = Consistency.TextLanguage.Guess(text);
            var shown = contradicted.FirstOrDefault(r => r.Language is null || r.Language == language) ?? contradicted[0];
            return new(Reference, false, fr ? $"contredit la réponse de référence « {shown.Title} »" : $"contradicts the reference answer “{shown.Title}”");
        }
        return references.Any(r => Consistency.AnswerComparer.SpeaksOf(r.Facts, facts))
            ? new(Reference, true, "")
            : new(Reference, null, fr ? "rien dont parlent les réponses de référence" : "nothing the reference answers speak of");
    }

    private static CheckResult CheckGreeting(string text, bool fr)
    {
        // Public replies on X start with the @mention the platform adds: look past it.
        var first = GridText.Normalize(Regex.Replace(FirstLine(text), @"^(@\w+\s*)+", ""));
        var ok = GridText.Greeting().IsMatch(first);
        return new(Greeting, ok, ok ? "" : fr ? "pas de formule de salutation au début" : "no greeting at the start");
    }

    private static CheckResult CheckName(string text, IReadOnlyList<string> nameTokens, bool fr)
    {
        if (nameTokens.Count == 0) return new(Name, null, fr ? "nom du client inconnu" : "customer's name unknown");
        var words = GridText.Tokens(GridText.Normalize(text)).ToHashSet();
        var ok = nameTokens.Any(words.Contains);
        return new(Name, ok, ok ? "" : fr ? $"le client n'est pas appelé par son nom ({string.Join(" ", nameTokens)})" : $"the customer is not addressed by name ({string.Join(" ", nameTokens)})");
    }

    /// <summary>Shares key words with the request (stems; FuzzySharp forgives typos), names and greetings aside.</summary>
    private static CheckResult CheckRelevance(string text, string request, IReadOnlyList<string> nameTokens, bool fr)
    {
        var wanted = KeyWords(request, nameTokens);
        if (wanted.Count == 0) return new(Relevance, null, fr ? "pas de demande à comparer" : "no request to compare with");
        var have = KeyWords(text, nameTokens);
        var shared = wanted.Where(w => have.Any(h => SameWord(w, h))).ToList();
        var needed = Math.Min(2, wanted.Count);
        var ok = shared.Count >= needed;
        var list = shared.Count == 0 ? "-" : string.Join(", ", shared);
        return new(Relevance, ok, ok ? list : fr ? $"ne reprend pas la demande (mots clés communs : {list})" : $"does not address the request (key words shared: {list})");
    }

    private static CheckResult CheckNextStep(string text, bool fr)
    {
        var folded = GridText.Normalize(text);
        var ok = GridText.Delay().IsMatch(folded) || GridText.AskAction().IsMatch(folded)
            || Regex.Split(text, @"[.!?\n]+").Any(s => GridText.Commitment().IsMatch(GridText.Normalize(s)));
        return new(NextStep, ok, ok ? "" : fr ? "aucune prochaine étape concrète ni délai" : "no concrete next step or delay");
    }

    private static CheckResult CheckSignature(string text, bool fr)
    {
        var lines = text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
        var last = lines.Count > 0 ? lines[^1] : "";
        var beforeLast = lines.Count > 1 ? GridText.Normalize(lines[^2]) : "";
        var lastNorm = GridText.Normalize(last);
        var ok = GridText.ChatSignature().IsMatch(last)
            || (lines.Count > 1 && last.Length <= 60 && GridText.TeamName().IsMatch(lastNorm))
            || (lines.Count > 1 && last.Length <= 40 && GridText.Closing().IsMatch(beforeLast))
            // "Cordialement, Julie" / "Thanks, Tom" on one line
            || (GridText.Closing().IsMatch(lastNorm) && Regex.IsMatch(last, @"^[^,]{2,25},\s*\p{L}[\p{L} .'–-]{1,30}$"));
        return new(Signature, ok, ok ? "" : fr ? "pas de signature" : "no signature");
    }

    /// <summary>Bounds per channel: a tweet holds 280 characters; a chat answer is read on a phone; an email may be longer.</summary>
    public static (int Min, int Max) LengthBounds(string channel) => channel switch
    {
        ChannelName.Email => (80, 3000),
        ChannelName.X => (15, 280),
        _ => (20, 1000),
    };

    private static CheckResult CheckLength(string text, string channel, bool fr)
    {
        var (min, max) = LengthBounds(channel);
        var ok = text.Length >= min && text.Length <= max;
        return new(Length, ok, ok ? "" : fr ? $"{text.Length} caractères, attendu {min} à {max} sur {channel}" : $"{text.Length} characters, expected {min} to {max} on {channel}");
    }

    /// <summary>What remains once greetings, names, stock phrases and small words are taken out.</summary>
    private static CheckResult CheckSubstance(string text, IReadOnlyList<string> nameTokens, bool fr)
    {
        var rest = GridText.Boilerplate().Replace(GridText.Normalize(text), " ");
        var content = GridText.Tokens(rest).Count(t => t.Length >= 3 && !GridText.StopWords.Contains(t) && !nameTokens.Contains(t));
        var ok = content >= 4;
        return new(Substance, ok, ok ? "" : fr ? "formules toutes faites seulement" : "boilerplate only");
    }

    private static string FirstLine(string text) => text.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0) ?? "";

    internal static IReadOnlyList<string> NameTokens(string? name)
    {
        if (string.IsNullOrWhiteSpace(name)) return [];
        var local = name.Contains('@') && !name.StartsWith('@') ? "" : name; // an email address as name tells nothing
        return GridText.Tokens(GridText.Normalize(local)).Where(t => t.Length >= 2 && !t.Any(char.IsDigit) && !GridText.StopWords.Contains(t)).Distinct().ToList();
    }

    /// <summary>Words that carry the request: long words and anything with a digit (order numbers, amounts).</summary>
    internal static IReadOnlyList<string> KeyWords(string text, IReadOnlyList<string> nameTokens) =>
        GridText.Tokens(GridText.Boilerplate().Replace(GridText.Normalize(text), " "))
            .Where(t => (t.Length >= 4 || t.Any(char.IsDigit)) && !GridText.StopWords.Contains(t) && !nameTokens.Contains(t))
            .Distinct().ToList();

    private static bool SameWord(string a, string b)
    {
        if (a.Any(char.IsDigit) || b.Any(char.IsDigit)) return a == b;
        if (a.Length >= 5 && b.Length >= 5 && a[..5] == b[..5]) return true;
        return a == b || (a.Length >= 5 && b.Length >= 5 && Fuzz.Ratio(a, b) >= 85);
    }
}
