using Inbox.Core.Duplicates;

namespace Inbox.Tests.Duplicates;

public sealed class NormalizationAndScoringTests
{
    [Fact]
    public void FrenchTextIsFoldedWithoutElisionsStopWordsGreetingsOrSignature()
    {
        var n = TextNormalizer.Normalize("Bonjour,\n\nL'article n'est jamais arrivé, j'attends ma commande MA-4471234 depuis février.\n\nCordialement,\nMarie Dupont\n\nEnvoyé de mon iPhone");
        Assert.Equal(["article", "arrive", "attends", "commande", "ma-4471234", "fevrier"], n.Words);
        Assert.Contains("ref:MA4471234", n.Specifics);
    }

    [Fact]
    public void EnglishQuotedHistoryHandlesAndTagHashtagsAreDropped()
    {
        var n = TextNormalizer.Normalize("@MaisonHelp I was charged twice #customerservice #MA-8954037\n\nOn Sun, 1 Mar 2026 at 03:53, Maison <support@maison.example> wrote:\n> We received your message");
        Assert.Equal(["charged", "twice", "ma-8954037"], n.Words);
        Assert.DoesNotContain(n.Specifics, s => s.Contains("2026"));
    }

    [Fact]
    public void SpecificTokensAreCanonical()
    {
        var s = SpecificTokens.Extract("Call me on +33 6 12 34 56 78 or write to Marie.Dupont@Example.fr; 338,50 € paid with the card ending 2061, order 4471");
        Assert.Contains("phone:612345678", s);
        Assert.Contains("email:marie.dupont@example.fr", s);
        Assert.Contains("amount:338.50", s);
        Assert.Contains("card:2061", s);
        Assert.Contains("num:4471", s);
        Assert.Contains("phone:612345678", SpecificTokens.Extract("mon numéro : 06 12 34 56 78"));
        Assert.Contains("card:4681", SpecificTokens.Extract("ma carte (4681) est bloquée"));
        Assert.Contains("card:4681", SpecificTokens.Extract("my card 4681 was declined"));
    }

    [Fact]
    public void NamesHandlesAndEmailLocalPartsAreCompared()
    {
        var email = PersonNames.From("Katie Watson", null, "katie.watson@mail.example.com");
        Assert.Equal(NameMatch.Strong, email.Compare(PersonNames.From("K. Watson", "katie33", null)));
        Assert.Equal(NameMatch.Surname, PersonNames.From("Léa Lefebvre", null, null).Compare(PersonNames.From("Bluefox", "lefebvrel39", null)));
        Assert.Equal(NameMatch.Conflict, email.Compare(PersonNames.From("Jack Hughes", null, null)));
        Assert.Equal(NameMatch.Conflict, PersonNames.From("Léa P.", null, null).Compare(PersonNames.From("Léa Martin", null, null)));
        Assert.Equal(NameMatch.Unknown, email.Compare(PersonNames.From("Bluefox", "bluefoxlover82", null)));
    }

    private static ConversationDoc Doc(long id, string channel, string text, PersonNames names, long at, string? subject = null)
    {
        var d = new ConversationDoc { ConversationId = id, CustomerId = id, Channel = channel, FirstAt = at, LastAt = at, Names = names };
        d.Add(TextNormalizer.Normalize(text, subject), at);
        return d;
    }

    private const long Hour = 3_600_000;

    [Fact]
    public void FrenchSameRequestByEmailAndMessengerIsLinkedWithEvidence()
    {
        var email = Doc(1, "email", "Bonjour,\n\nLe produit (tapis de yoga) ne fonctionne plus après seulement deux semaines. Commande MA-3919118.\n\nBonne journée,\nSébastien B.",
            PersonNames.From("Sébastien Bernard", null, "vinyl.bluefox59@example.fr"), 10 * Hour, "Toujours sans réponse : article abîmé");
        var messenger = Doc(2, "messenger", "salut, le produit (tapis de yoga) ne fonctionne plus apres seulement deux semaines d'utilisation. Il est sous garantie, que dois-je faire ? commande MA-3919118",
            PersonNames.From("Sébastien Bernard", null, null), 3 * Hour);
        var score = DuplicateScorer.Score(email, messenger, sameCustomer: false);
        Assert.True(score.Score >= new DuplicateOptions().LinkThreshold, string.Join("; ", score.Evidence));
        Assert.Contains("same reference MA3919118", score.Evidence);
        Assert.Contains("7 h apart", score.Evidence);
    }

    [Fact]
    public void EnglishTweetAndEmailOfOnePersonAreLinkedWithoutAnOrderNumber()
    {
        var email = Doc(1, "email", "Hi,\n\nI have been charged for one thing two times. It's the $236.90 payment on 15/2.\n\nRegards,\nKatie W.",
            PersonNames.From("Katie Watson", null, "katie.watson@mail.example.com"), 0, "Duplicate payment");
        var tweet = Doc(2, "x", "@MaisonHelp i have been charged for one thing two times. #customerservice", PersonNames.From("K. Watson", "katie33", null), Hour / 2);
        Assert.True(DuplicateScorer.Score(email, tweet, false).Score >= new DuplicateOptions().LinkThreshold);
    }

    [Fact]
    public void SameSentenceFromTwoDifferentPeopleIsNotLinked()
    {
        var a = Doc(1, "x", "@MaisonHelp Je suis très déçue : le produit reçu présente un défaut de fabrication. J'attends une solution rapide.", PersonNames.From("Marie W.", "mwalker97", null), 0);
        var b = Doc(2, "messenger", "je suis très déçue : le produit reçu présente un défaut de fabrication. J'attends une solution rapide", PersonNames.From("Florian Hill", null, null), Hour / 6);
        var score = DuplicateScorer.Score(a, b, false);
        Assert.Equal(100, score.TextSimilarity);
        Assert.True(score.Score < new DuplicateOptions().LinkThreshold, string.Join("; ", score.Evidence));
    }

    [Fact]
    public void SamePersonWithAnotherOrderIsNotLinked()
    {
        var a = Doc(1, "x", "@MaisonHelp where is my order MA-0821748? It has not arrived", PersonNames.From("Sarah Rousseau", "sarah44", null), 0);
        var b = Doc(2, "messenger", "where is my order MA-8183236? it has not arrived yet", PersonNames.From("Sarah Rousseau", null, null), 4 * Hour);
        var score = DuplicateScorer.Score(a, b, false);
        Assert.Contains("different reference numbers", score.Evidence);
        Assert.True(score.Score < new DuplicateOptions().LinkThreshold);
    }

    [Fact]
    public void TheIndexFindsTheSharedOrderAmongManyAndNeverItself()
    {
        var index = new CandidateIndex(new DuplicateOptions());
        var names = PersonNames.From("Someone Else", null, null);
        for (var i = 0; i < 500; i++)
            index.Add(100 + i, 100 + i, "email", names, [], TextNormalizer.Normalize($"my card was charged twice for order MA-{1000000 + i}"), i * 1000);
        var doc = index.Add(1, 1, "x", PersonNames.From("Marie Dupont", null, null), [], TextNormalizer.Normalize("charged twice MA-1000123"), 600_000);
        var candidates = index.Candidates(doc, 600_000);
        Assert.Equal(123 + 100, candidates[0].ConversationId);
        Assert.DoesNotContain(candidates, c => c.ConversationId == 1);
        Assert.True(candidates.Count <= new DuplicateOptions().MaxCandidates);
    }
}
