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
    public void AQuotedPhraseIsCutBetweenWordsNeverInsideOne()
    {
        var text = "Bonjour ! Un nouvel e-mail de réinitialisation vient de partir et votre compte est débloqué dans les 7 jours ouvrés suivant la réception de votre demande écrite et signée.";
        var fact = FactExtractor.Extract(text).Facts.First(f => f.Kind == FactKind.Duration);
        var phrase = Explanation.Phrase(text, fact);
        Assert.Contains("7 jours", phrase);
        Assert.StartsWith("… ", phrase);
        Assert.EndsWith(" …", phrase);
        // Every word of the quote is a whole word of the answer.
        var words = text.Split(' ');
        Assert.All(phrase.Trim('…', ' ').Split(' '), w => Assert.Contains(w, words));
        // A clause short enough is quoted whole, without marks.
        var short_ = "Votre remboursement arrive sous 5 jours.";
        Assert.Equal("Votre remboursement arrive sous 5 jours", Explanation.Phrase(short_, FactExtractor.Extract(short_).Facts.First(f => f.Kind == FactKind.Duration)));
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

    // Pairs written in other styles than the scenario files, as held-out data would be.
    [Theory]
    [InlineData("Hello Paul, we have approved your refund of 45 euros. You should see it on your bank statement in 3 to 5 working days.",
                "@paul Your €45 refund is approved and will show on your statement within 5 business days.")]
    [InlineData("Bonjour, votre colis sera livré d'ici 48 heures.", "Votre commande arrivera sous deux jours.")]
    [InlineData("Sadly we cannot exchange the item as it was used.", "Unfortunately, exchanges aren't possible for worn items.")]
    [InlineData("Your subscription has been cancelled, no further charges will be made.", "J'ai bien résilié votre abonnement.")]
    [InlineData("We don't need anything else from you: the refund has been issued.", "Refund issued today.")]
    [InlineData("Call us on 0800 123 4567 or fill in the form at https://help.example/returns.", "Please call 0800 123 4567.")]
    [InlineData("Le remboursement ne prendra que 3 jours.", "Le remboursement prendra 3 jours.")]
    [InlineData("Our team is available 7 days a week. Your refund will arrive within 5 days.", "Refund within five days.")]
    [InlineData("If you can't find the reset email, check your spam folder. Your account is unlocked.", "I've unlocked your account.")]
    public void ConsistentAnswersInOtherStylesAreNotFlagged(string a, string b) => Assert.Empty(Compare(a, b));

    [Theory]
    [InlineData("We will refund you within 10 days.", "Nous vous rembourserons sous 30 jours.", FactKind.Duration)]
    [InlineData("Your order cannot be cancelled as it has already shipped.", "No problem, I have cancelled your order.", FactKind.Decision)]
    [InlineData("We'll send you a replacement at no cost.", "We are unable to replace the item.", FactKind.Decision)]
    [InlineData("The fee is 15%.", "Les frais sont de 10 %.", FactKind.Percent)]
    [InlineData("You'll receive a voucher worth €20.", "You'll receive a voucher worth €25.", FactKind.Amount)]
    [InlineData("Your appointment is on 12 March.", "Your appointment is on March 14.", FactKind.Date)]
    [InlineData("You are entitled to a full refund.", "This item is not eligible for a refund.", FactKind.Decision)]
    [InlineData("Votre remboursement n'est plus possible car le délai est dépassé.", "Nous avons procédé au remboursement.", FactKind.Decision)]
    public void ContradictionsInOtherStylesAreFlagged(string a, string b, FactKind kind) =>
        Assert.Contains(Compare(a, b), c => c.Kind == kind);

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

    private static IReadOnlyList<Conflict> WithReference(string reference, string draft) =>
        AnswerComparer.CompareWithReference(FactExtractor.Extract(reference), FactExtractor.Extract(draft));

    [Theory]
    [InlineData("Refunds are made within 14 days.", "Your refund will reach you within 30 days.", FactKind.Duration)]
    [InlineData("Le remboursement des frais de port est de 4,90 €.", "We will refund €6.90 for the shipping fee.", FactKind.Amount)]
    [InlineData("Call us on 01 99 00 41 27.", "You can call us on 01 99 00 41 99.", FactKind.Phone)]
    // The reference's figure is in a clause of its own; the reference speaks of refunds alone, so it is a refund delay.
    [InlineData("Votre remboursement est lancé : il apparaîtra sur votre compte sous 5 jours ouvrés.", "Bonjour, votre remboursement sera fait sous 30 jours.", FactKind.Duration)]
    public void AReferenceIsContradictedOnlyByTheSameKindOfFigureForTheSameThing(string reference, string draft, FactKind kind) =>
        Assert.Equal(kind, Assert.Single(WithReference(reference, draft)).Kind);

    [Theory]
    [InlineData("Refunds are made within 14 days.", "Your new parcel will be delivered within 3 days.")] // another subject's delay
    [InlineData("Comptez 5 jours.", "Delivery takes 3 days.")]                                       // a reference that does not say what about
    [InlineData("Your refund is on its way; the parcel ships back in 2 days: count 5 days.", "Delivery takes 3 days.")] // two subjects: the bare figure stays unknown
    [InlineData("Refunds are made within 14 days.", "You will be refunded within two weeks.")]          // the same delay in other words
    [InlineData("Refunds are made within 14 days.", "We cannot refund this item.")]                     // a decision in one case is no policy
    [InlineData("Le remboursement des frais de port est de 4,90 €.", "We will refund $6.90 for the shipping fee.")] // another currency
    public void AReferenceIsNotContradictedByWhatItDoesNotSpeakOf(string reference, string draft) =>
        Assert.Empty(WithReference(reference, draft));
}
