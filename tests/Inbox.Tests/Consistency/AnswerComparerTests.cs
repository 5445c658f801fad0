using Inbox.Core.Consistency;

namespace Inbox.Tests.Consistency;

public class AnswerComparerTests
{
    private static IReadOnlyList<Conflict> Compare(string a, string b) => AnswerComparer.Compare(FactExtractor.Extract(a), FactExtractor.Extract(b));

    [Fact]
    public void DifferentDelaysDiverge()
    {
        var c = Assert.Single(Compare("Your refund will arrive within 5 business days.", "Le remboursement arrivera sous 14 jours ouvrés."));
        Assert.Equal(FactKind.Duration, c.Kind);
    }

    [Theory]
    [InlineData("Refund within 5 business days.", "Remboursement sous cinq jours ouvrés.")]
    [InlineData("Your parcel arrives in 48h.", "Expect delivery within two days.")]
    [InlineData("We'll refund €30 within 5 business days.", "Les 30,00 EUR vous seront remboursés sous 5 jours ouvrés.")]
    [InlineData("Your order is on its way and should arrive within 3 business days. Track it at https://aide.example/suivi.",
                "Order MA-1 has left our warehouse and will be delivered within 3 business days. You can follow up at https://aide.example/suivi.")]
    public void SameFactsInOtherWordsDoNotDiverge(string a, string b) => Assert.Empty(Compare(a, b));

    [Fact]
    public void AFactOnOneSideOnlyIsNotAContradiction()
    {
        Assert.Empty(Compare("We'll refund the €30 within 5 business days.", "The refund will reach you within 5 business days."));
        Assert.Empty(Compare("Refund within 5 business days, see https://aide.example/remboursements.", "Refund within 5 business days."));
    }

    [Fact]
    public void GrantedAgainstRefusedDiverges()
    {
        var c = Assert.Single(Compare(
            "Le remboursement de 18 € pour votre commande a été effectué.",
            "Je suis au regret de vous indiquer que nous ne pouvons pas rembourser les 18 € : le délai pour demander un remboursement est dépassé."));
        Assert.Equal(FactKind.Decision, c.Kind);
        Assert.Equal("refund", c.Topic);
    }

    [Fact]
    public void NoLongerPossibleAgainstDoneDiverges()
    {
        var c = Compare("Your cancellation is confirmed.", "I'm sorry, the order has already been processed, so it can no longer be cancelled.");
        Assert.Contains(c, x => x.Kind == FactKind.Decision && x.Topic == "cancel");
    }

    [Fact]
    public void TwoRefusalsInOtherWordsAgree() =>
        Assert.Empty(Compare("Malheureusement, le remboursement n'est pas possible, la demande ayant été faite après la date limite.",
            "Nous ne pouvons pas rembourser : le délai est dépassé."));

    [Fact]
    public void DifferentAmountsInOneCurrencyDiverge()
    {
        var c = Assert.Single(Compare("Vous récupérerez les 56,85 €.", "Le remboursement de trente-sept euros interviendra."));
        Assert.Equal(FactKind.Amount, c.Kind);
    }

    [Fact]
    public void CallingUsAgainstTheOnlineFormIsADifferentProcedure()
    {
        var c = Assert.Single(Compare("Please give us a call on +44 20 7946 0127 so we can complete it.",
            "Everything is handled through our online form: https://aide.example/annulation."));
        Assert.Equal(FactKind.Procedure, c.Kind);
    }

    [Fact]
    public void ExplanationQuotesBothAnswersInTheAgentsLanguage()
    {
        var a = FactExtractor.Extract("Refund within 5 business days.");
        var b = FactExtractor.Extract("Remboursement sous 14 jours.");
        var conflicts = AnswerComparer.Compare(a, b);
        Assert.Equal("delay — email: “Refund within 5 business days” / X: “Remboursement sous 14 jours”", Explanation.Render(conflicts, a, "email", b, "x", "en"));
        Assert.StartsWith("délai — e-mail : « ", Explanation.Render(conflicts, a, "email", b, "x", "fr").Replace("e-mail: «", "e-mail : «"));
    }

    [Fact]
    public void ComparerAloneMeetsTheTargetsOnTheDevScenarios()
    {
        var dir = ScenarioDir();
        var r = ComparerScore.Run(Path.Combine(dir, "dev.jsonl"), Path.Combine(dir, "dev.gold.json"));
        Assert.True(r.F1 >= 0.90, r.ToString());
        Assert.True(r.ConsistentWronglyFlagged <= 0.05, r.ToString());
    }

    /// <summary>The shared scenarios beside the repository (or beside the worktree's parent, for helper worktrees).</summary>
    private static string ScenarioDir()
    {
        for (var d = new DirectoryInfo(Support.Paths.Repo); d is not null; d = d.Parent)
            if (Directory.Exists(Path.Combine(d.FullName, "shared", "data", "scenarios"))) return Path.Combine(d.FullName, "shared", "data", "scenarios");
        return Path.Combine(Support.Paths.Shared, "data", "scenarios");
    }
}
