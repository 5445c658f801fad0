using Inbox.Core.Channels.Social;
using Inbox.Core.Channels.X;
using Xunit;

namespace Inbox.Tests.Social;

/// <summary>X counts a tweet's characters with weights: links 23, Latin 1, CJK and emoji 2.</summary>
public sealed class XTextTests
{
    [Theory]
    [InlineData("hello", 5)]
    [InlineData("Merci ! Votre colis arrive demain, à 10 h — désolés du retard.", 62)]
    [InlineData("你好", 4)]
    [InlineData("👍", 2)]
    [InlineData("👨‍👩‍👧", 2)] // one emoji of five code points
    [InlineData("❤️ merci", 8)]
    [InlineData("suivi : https://track.example.com/parcel/MA-1234567?lang=fr&utm_source=x.", 8 + 23 + 1)]
    [InlineData("(voir www.example.com/aide)", 6 + 23 + 1)]
    [InlineData("e\u0301", 1)] // e + combining acute: é after NFC
    [InlineData("retours : maison.fr/retours.", 10 + 23 + 1)] // a country code with a path
    [InlineData("voir example.com ou aide.maison.fr", 5 + 23 + 4 + 23)] // a generic TLD; a country code with a subdomain
    [InlineData("(maison.co)", 1 + 23 + 1)] // .co and .tv as X links them
    [InlineData("Bonjour. Merci.je reviens", 25)] // no known TLD; a country code alone: text
    [InlineData("zoe@customer.com et MA-1234567.Le colis", 39)] // an address and a reference stay text
    [InlineData("v2.0 ou 3.5 kg", 14)]
    public void CountsAsX(string text, int expected) => Assert.Equal(expected, XText.WeightedLength(text));

    [Fact]
    public void ALongTrackingLinkDoesNotMakeAValidTweetTooLong()
    {
        var link = "https://track.example.com/" + new string('a', 120);
        var text = new string('b', 250) + " " + link; // 377 characters, weighted 250 + 1 + 23 = 274
        var tweet = new ComposeInfo("x", IsPublic: true, XSender.TweetMaxLength, "none");
        Assert.Null(MessagingWindow.Refusal(tweet, text));
        Assert.Contains("281 characters", MessagingWindow.Refusal(tweet, new string('b', 279) + "你"));
        // A DM and other channels count plain characters.
        Assert.NotNull(MessagingWindow.Refusal(new ComposeInfo("messenger", false, 300, "open"), text));
    }
}
