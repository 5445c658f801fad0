using Inbox.Core.Consistency;
using Inbox.Core.Reports;

namespace Inbox.Tests.Audit;

public sealed class AnswerGridTests
{
    private static Dictionary<string, bool?> Checks(string answer, string channel, string? name, string request, string lang = "en") =>
        AnswerGrid.Grade(new GradeInput(answer, channel, name, request), lang).Checks.ToDictionary(c => c.Check, c => c.Passed);

    private static void AssertChecks(Dictionary<string, bool?> actual, params (string Check, bool? Passed)[] expected)
    {
        foreach (var (check, passed) in expected) Assert.True(actual[check] == passed, $"{check}: expected {passed?.ToString() ?? "n/a"}, got {actual[check]?.ToString() ?? "n/a"}");
    }

    [Fact]
    public void CompleteFrenchEmailAnswerPassesEveryCheck()
    {
        var grade = AnswerGrid.Grade(new GradeInput(
            "Bonjour Alice,\n\nVotre commande 4471 a pris du retard chez le transporteur : elle sera livrée sous 2 jours ouvrés. Nous vous enverrons le numéro de suivi demain matin.\n\nCordialement,\nJulie – Service client",
            "email", "Alice Martin", "Bonjour, ma commande 4471 n'est toujours pas livrée alors qu'elle devait arriver lundi. Pouvez-vous vérifier ?"), "fr");
        Assert.All(grade.Checks, c => Assert.True(c.Passed, $"{c.Check}: {c.Note}"));
        Assert.Equal(1.0, grade.Score);
    }

    [Fact]
    public void EnglishBoilerplateEmailFailsEveryCheck()
    {
        var grade = AnswerGrid.Grade(new GradeInput("Thank you for contacting us. We will get back to you.", "email", "Dave Durand",
            "Hello, I was charged twice for invoice 9921 this month. Please refund the duplicate payment."));
        Assert.All(grade.Checks, c => Assert.False(c.Passed, c.Check));
        Assert.Equal(0.0, grade.Score);
        Assert.Contains(grade.Checks, c => c.Check == AnswerGrid.Length && c.Note.Contains("expected 80 to 3000"));
    }

    [Fact]
    public void PublicReplyWithGreetingAndNameButNothingElseFailsTheSubstanceChecks()
    {
        var checks = Checks("@carol_x Hi Carol, sorry for the inconvenience.", "x", "Carol Petit", "@brand my new coffee machine leaks water, I want a replacement");
        AssertChecks(checks, (AnswerGrid.Greeting, true), (AnswerGrid.Name, true), (AnswerGrid.Relevance, false), (AnswerGrid.NextStep, false),
            (AnswerGrid.Signature, false), (AnswerGrid.Length, true), (AnswerGrid.Substance, false));
        Assert.Equal(3.0 / 7, AnswerGrid.Grade(new GradeInput("@carol_x Hi Carol, sorry for the inconvenience.", "x", "Carol Petit", "@brand my new coffee machine leaks water, I want a replacement")).Score);
    }

    [Fact]
    public void EnglishChatAnswerWithDelayAndInitialsPassesEveryCheck()
    {
        var checks = Checks("Hi Dave, the duplicate payment on invoice 9921 has been refunded today, you will see it on your statement within 3 days. - Tom",
            "messenger", "Dave Durand", "I was charged twice for invoice 9921, please refund the duplicate payment");
        Assert.All(checks, c => Assert.True(c.Value, c.Key));
    }

    [Fact]
    public void FrenchAnswerWithoutGreetingOrNameIsCaughtOnBoth()
    {
        var checks = Checks("Votre remboursement pour le retour 5520 sera effectué sous 5 jours ouvrés.\nL'équipe SAV", "messenger", "Erin Moreau",
            "Bonjour, retour 5520 du manteau reçu chez vous ? Quand le remboursement ?", "fr");
        AssertChecks(checks, (AnswerGrid.Greeting, false), (AnswerGrid.Name, false), (AnswerGrid.Relevance, true), (AnswerGrid.NextStep, true),
            (AnswerGrid.Signature, true), (AnswerGrid.Length, true), (AnswerGrid.Substance, true));
    }

    [Fact]
    public void FrenchStockPhrasesAloneAreBoilerplateWithoutNextStep()
    {
        var checks = Checks("Bonjour Erin, nous avons bien reçu votre message et nous revenons vers vous rapidement. Bonne journée !", "messenger", "Erin Moreau",
            "Bonjour, retour 5520 du manteau reçu chez vous ? Quand le remboursement ?", "fr");
        AssertChecks(checks, (AnswerGrid.Greeting, true), (AnswerGrid.Name, true), (AnswerGrid.Relevance, false), (AnswerGrid.NextStep, false),
            (AnswerGrid.Signature, false), (AnswerGrid.Substance, false));
    }

    [Fact]
    public void UnknownCustomerNameMakesTheNameCheckNotApplicable()
    {
        var grade = AnswerGrid.Grade(new GradeInput("Bonjour, pouvez-vous nous envoyer votre numéro de commande ? ^AB", "instagram", null, "Bonjour, mon colis est abîmé"), "fr");
        Assert.Null(grade.Checks.Single(c => c.Check == AnswerGrid.Name).Passed);
        Assert.Equal(6, grade.Checks.Count(c => c.Passed is not null));
    }

    [Fact]
    public void AnAnswerIsCheckedAgainstTheTeamsReferenceAnswersWhenItHasSome()
    {
        var references = new[]
        {
            new ReferenceAnswer("Délai de remboursement", "fr", FactExtractor.Extract("Votre remboursement est lancé : il apparaîtra sous 5 jours ouvrés.")),
            new ReferenceAnswer("Refund delay", "en", FactExtractor.Extract("Your refund is on its way: it shows within 5 working days.")),
        };
        CheckResult Reference(string answer) => AnswerGrid.Grade(new GradeInput(answer, "email", "Léa", "Mon remboursement ?", references), "fr")
            .Checks.Single(c => c.Check == AnswerGrid.Reference);
        var against = Reference("Bonjour Léa, votre remboursement sera fait sous 30 jours.");
        Assert.False(against.Passed);
        Assert.Equal("contredit la réponse de référence « Délai de remboursement »", against.Note); // the one in the answer's language
        Assert.True(Reference("Bonjour Léa, votre remboursement arrivera sous cinq jours ouvrés.").Passed);
        Assert.Null(Reference("Bonjour Léa, votre colis arrive demain.").Passed); // nothing a reference speaks of
        // A team without reference answers has no such check.
        Assert.DoesNotContain(AnswerGrid.Grade(new GradeInput("Bonjour", "email", "Léa", "?"), "fr").Checks, c => c.Check == AnswerGrid.Reference);
    }

    [Fact]
    public void TweetLongerThan280CharactersFailsTheLengthCheck()
    {
        var answer = "@dave Hi Dave, " + string.Join(" ", Enumerable.Repeat("the refund for invoice 9921 is on its way", 8)) + " ^TB";
        var grade = AnswerGrid.Grade(new GradeInput(answer, "x", "Dave", "refund invoice 9921"), "fr");
        var length = grade.Checks.Single(c => c.Check == AnswerGrid.Length);
        Assert.False(length.Passed);
        Assert.Contains("attendu 15 à 280 sur x", length.Note);
    }

    [Fact]
    public void RelevanceForgivesATypoInAKeyWord()
    {
        var checks = Checks("Hello Ann, we have corrected the delivery adress on your parcel today. - Sam", "messenger", "Ann", "Wrong delivery address on my parcel!");
        Assert.True(checks[AnswerGrid.Relevance]);
        var unrelated = Checks("Hello Ann, our stores open at 9 every morning. - Sam", "messenger", "Ann", "Wrong delivery address on my parcel!");
        Assert.False(unrelated[AnswerGrid.Relevance]);
    }
}
