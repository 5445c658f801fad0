namespace Inbox.Core.Consistency;

public enum FactKind { Amount, Duration, Date, Percent, Reference, Url, Email, Phone, Procedure, Decision }

/// <summary>
/// One fact found in an answer. Key is the normalized value compared across answers ("209.00 EUR",
/// "5 bd", "refund"); Polarity is set for decisions (true = granted / done, false = refused / not possible).
/// Start/Length locate the phrase in the original text so the UI can highlight it.
/// </summary>
public sealed record Fact(FactKind Kind, string Key, string Phrase, int Start, int Length, bool? Polarity = null, string? Topic = null)
{
    /// <summary>Numeric value for durations (in hours) so "48h" and "2 days" compare equal.</summary>
    public double Value { get; init; }
    /// <summary>Durations: counted in business days.</summary>
    public bool Business { get; init; }
    /// <summary>Durations and amounts: what they are about, from their clause ("money", "delivery", "validity", "fee"), or "" when unclear.</summary>
    public string Role { get; init; } = "";
}

/// <summary>Everything extracted from one answer, with the text it came from.</summary>
public sealed record AnswerFacts(string Text, IReadOnlyList<Fact> Facts)
{
    public IEnumerable<Fact> Of(FactKind kind) => Facts.Where(f => f.Kind == kind);

    /// <summary>The clause that refuses something (can't / unable / ne pouvons pas ...), null when nothing is refused.</summary>
    public Fact? Refusal { get; init; }
    public bool Refuses => Refusal is not null;
}
