using Inbox.Core.Consistency;

namespace Inbox.Tests.Consistency;

public class FactExtractorTests
{
    private static List<string> Keys(string text, FactKind kind) => FactExtractor.Extract(text).Of(kind).Select(f => f.Key).ToList();

    [Theory]
    [InlineData("Nous vous remboursons 30 € dès demain.", "30.00 EUR")]
    [InlineData("Le montant de 30,00 EUR vous sera restitué.", "30.00 EUR")]
    [InlineData("We'll refund $45 today.", "45.00 USD")]
    [InlineData("Your refund of €341.90 has been processed.", "341.90 EUR")]
    [InlineData("Vous récupérerez trente euros.", "30.00 EUR")]
    [InlineData("You'll get twenty-five pounds back.", "25.00 GBP")]
    [InlineData("Un avoir de 1 250,50 € a été émis.", "1250.50 EUR")]
    public void FindsAmountsWithTheirCurrency(string text, string expected) =>
        Assert.Equal([expected], Keys(text, FactKind.Amount));

    [Theory]
    [InlineData("L'argent vous parvient sous 5 jours ouvrés.", "5 business days")]
    [InlineData("Expect it within five business days.", "5 business days")]
    [InlineData("Le colis arrive en 48h.", "48 h")]
    [InlineData("It takes two weeks.", "336 h")]
    [InlineData("Remboursement sous 10 jours.", "240 h")]
    [InlineData("Refund within 14 days.", "336 h")]
    [InlineData("Vous serez livré sous quinze jours ouvrés.", "15 business days")]
    public void FindsDurationsInFrenchAndEnglish(string text, string expected) =>
        Assert.Equal([expected], Keys(text, FactKind.Duration));

    [Fact]
    public void OpeningHoursAreNotDelays()
    {
        Assert.Empty(Keys("Appelez-nous au 01 99 00 41 27 (du lundi au vendredi, 9h-18h).", FactKind.Duration));
        Assert.Empty(Keys("Call us (Mon-Fri, 9am-6pm), 24h/24.", FactKind.Duration));
    }

    [Fact]
    public void NormalizesPhonesEmailsUrlsAndReferences()
    {
        var f = FactExtractor.Extract("Call +33 1 99 00 41 27 or write to Support@Maison.example, see https://aide.maison.example/retours/. Order MA-6079252, commande 4471.");
        Assert.Equal(["199004127"], f.Of(FactKind.Phone).Select(x => x.Key));
        Assert.Equal(FactExtractor.Extract("Appelez le 01 99 00 41 27.").Of(FactKind.Phone).Single().Key, f.Of(FactKind.Phone).Single().Key);
        Assert.Equal(["support@maison.example"], f.Of(FactKind.Email).Select(x => x.Key));
        Assert.Equal(["aide.maison.example/retours"], f.Of(FactKind.Url).Select(x => x.Key));
        Assert.Equal(["MA:6079252", ":4471"], f.Of(FactKind.Reference).Select(x => x.Key));
    }

    [Fact]
    public void FindsDatesAndPercentages()
    {
        Assert.Equal(["03-12"], Keys("Livraison prévue le 12 mars 2026.", FactKind.Date));
        Assert.Equal(["03-12"], Keys("Delivery is planned for March 12th.", FactKind.Date));
        Assert.Equal(["20%"], Keys("Nous appliquons une remise de 20 %.", FactKind.Percent));
        Assert.Equal(["15%"], Keys("You get fifteen percent off.", FactKind.Percent));
    }

    [Theory]
    [InlineData("Le remboursement de 18 € a été effectué.", "refund", true)]
    [InlineData("Nous ne pouvons pas rembourser les 18 €.", "refund", false)]
    [InlineData("Malheureusement, le remboursement n'est pas possible.", "refund", false)]
    [InlineData("We've issued your refund.", "refund", true)]
    [InlineData("I'm afraid we can't refund the €104.", "refund", false)]
    [InlineData("The order can no longer be cancelled.", "cancel", false)]
    [InlineData("L'adresse ne peut plus être changée.", "address", false)]
    [InlineData("Your new address has been saved.", "address", true)]
    [InlineData("Nous ne pouvons ni la renvoyer ni la rembourser.", "replace", false)]
    [InlineData("Unfortunately we're unable to resend it.", "replace", false)]
    [InlineData("We're sending a replacement free of charge.", "replace", true)]
    [InlineData("Il est trop tard pour annuler votre commande.", "cancel", false)]
    public void ReadsDecisionsWithTheirPolarity(string text, string topic, bool granted)
    {
        var d = FactExtractor.Extract(text).Of(FactKind.Decision).Single(f => f.Key == topic);
        Assert.Equal(granted, d.Polarity);
    }

    [Fact]
    public void NegationInAnotherClauseDoesNotTurnAGrantIntoARefusal()
    {
        var f = FactExtractor.Extract("No further payments will be taken, and £35.65 will be refunded within 14 business days.");
        Assert.True(f.Of(FactKind.Decision).Single(d => d.Key == "refund").Polarity);
        Assert.False(f.Refuses);
    }

    [Fact]
    public void ProcedureIsTheWayTheCustomerIsToldToProceed()
    {
        Assert.Equal(["phone"], Keys("Pour finaliser, merci de nous appeler au 01 99 00 41 27.", FactKind.Procedure));
        Assert.Equal(["online"], Keys("Tout se fait via notre formulaire en ligne : https://aide.maison.example/annulation.", FactKind.Procedure));
    }
}
