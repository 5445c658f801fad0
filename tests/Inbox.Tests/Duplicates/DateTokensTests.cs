using Inbox.Core.Duplicates;

namespace Inbox.Tests.Duplicates;

public class DateTokensTests
{
    [Theory]
    [InlineData("It's the 2290 GBP payment on 18 February, reference TX-550555.", "date:02-18")]
    [InlineData("(£1000.50 on February 23)", "date:02-23")]
    [InlineData("j'ai fait un virement de 2458,90 € le 24/02 et rien", "date:02-24")]
    [InlineData("quelqu'un a utilisé ma carte le 1er mars pour 111,99€", "date:03-01")]
    [InlineData("ordered 27/2/2026, still nothing", "date:02-27")]
    [InlineData("charged twice on 2/27", "date:02-27")]
    [InlineData("reçu le 15 févr. et déjà cassé", "date:02-15")]
    [InlineData("requested on the 3rd of March", "date:03-03")]
    [InlineData("commande du 5 juin", "date:06-05")]
    [InlineData("order of July 4th", "date:07-04")]
    public void DaysWrittenInFrenchOrEnglishBecomeOneToken(string text, string expected) =>
        Assert.Contains(expected, SpecificTokens.Extract(text));

    // Each of these would give a day if the rules were looser: "35/14" (no such day either way), the verb "may",
    // a month name inside a word ("marshmallow"), a number beside "h".
    [Theory]
    [InlineData("delivery promised in 48 h, not 35/14")]
    [InlineData("I may 3 times have asked")]
    [InlineData("3 marshmallows and a juice")]
    [InlineData("le colis de 10 h est arrivé abîmé")]
    public void NumbersThatAreNoDayStayOut(string text) =>
        Assert.DoesNotContain(SpecificTokens.Extract(text), t => t.StartsWith("date:"));

    [Fact]
    public void ADaySupportsASharedAmountAndMeansNothingAlone()
    {
        var at = 1_000L;
        ConversationDoc Doc(long id, string channel, string text)
        {
            var d = new ConversationDoc { ConversationId = id, CustomerId = id, Channel = channel, FirstAt = at, LastAt = at, Names = PersonNames.From(null, null, null) };
            d.Add(TextNormalizer.Normalize(text), at);
            return d;
        }
        var payment = Doc(1, "messenger", "it's the £1000.50 payment on February 23");
        var sameDayAndAmount = DuplicateScorer.Score(payment, Doc(2, "x", "transfer not showing up (£1000.50 on 23/02)"), false);
        var sameAmount = DuplicateScorer.Score(payment, Doc(3, "x", "transfer not showing up (£1000.50 on 24/02)"), false);
        Assert.Contains("same date (02-23)", sameDayAndAmount.Evidence);
        Assert.DoesNotContain(sameAmount.Evidence, e => e.StartsWith("same date"));
        Assert.True(sameDayAndAmount.Score >= sameAmount.Score + DuplicateScorer.SharedDate);
        var sameDayOnly = DuplicateScorer.Score(Doc(4, "whatsapp", "my order of February 23 never came"), Doc(5, "x", "card blocked since 23/02"), false);
        Assert.DoesNotContain(sameDayOnly.Evidence, e => e.StartsWith("same date"));
    }
}
