namespace Inbox.Core.Duplicates;

/// <summary>
/// One customer rewords a request on another channel ("get my money back" / "refund" / "remboursement"):
/// words are reduced to a crude stem and the common support vocabulary of both languages to one concept,
/// so that token-set similarity sees the same request. The vocabulary is the generic one of customer
/// service (payments, cards, deliveries, accounts), not phrases of any scenario.
/// </summary>
public static class Concepts
{
    // Declared before Map: static fields initialize in order and Build uses Stem.
    private static readonly string[] Suffixes = ["ements", "ement", "ations", "ation", "ments", "ment", "ings", "ing", "ees", "ers", "er", "es", "ed", "ee", "e", "s"];

    private static readonly Dictionary<string, string> Map = Build(new()
    {
        ["refund"] = "refund refunded refunds reimburse reimbursed reimbursement restitution rembourse remboursement rembourser remboursee moneyback",
        ["charge"] = "charge charged charges debit debited debite prelevement preleve prelevee prelevements payment payments paid pay paiement paiements payer paye transaction transactions operation",
        ["transfer"] = "transfer transfers transferred virement virements wire",
        ["card"] = "card cards carte cartes",
        ["block"] = "blocked block locked lock frozen bloque bloquee bloquer",
        ["deliver"] = "delivery deliver delivered arrive arrived arrival livraison livre livree livrer recu recue received receive shipping shipped ship expedie expediee expedition colis parcel package",
        ["order"] = "order orders ordered commande commandes commander purchase purchased achat article item product produit",
        ["cancel"] = "cancel cancelled canceled cancellation annuler annulation annule resilier resiliation close closing fermer cloture",
        ["account"] = "account accounts compte comptes",
        ["password"] = "password pin passcode code identifiant login connexion connecter",
        ["address"] = "address adresse domicile",
        ["broken"] = "broken damaged defective faulty casse cassee abime abimee defaut defectueux endommage",
        ["fee"] = "fee fees frais commission",
        ["twice"] = "twice double duplicate deux fois reprises",
        ["invoice"] = "invoice invoices bill facture factures",
        ["late"] = "late delay delayed retard repoussee reportee",
        ["lost"] = "lost stolen perdu perdue vole volee",
        ["balance"] = "balance solde",
    });

    public static string Canonical(string word)
    {
        if (Map.TryGetValue(word, out var concept)) return concept;
        var stem = Stem(word);
        return Map.TryGetValue(stem, out concept) ? concept : stem;
    }

    /// <summary>French and English inflections off the end of longer words (numbers and references untouched).</summary>
    public static string Stem(string w)
    {
        if (w.Length <= 4 || w.Any(char.IsAsciiDigit)) return w;
        foreach (var s in Suffixes)
            if (w.Length - s.Length >= 4 && w.EndsWith(s, StringComparison.Ordinal)) return w[..^s.Length];
        return w;
    }

    private static Dictionary<string, string> Build(Dictionary<string, string> concepts)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (concept, words) in concepts)
            foreach (var w in words.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                map.TryAdd(w, "~" + concept);
                map.TryAdd(Stem(w), "~" + concept);
            }
        return map;
    }
}
