using Inbox.Browser.Tests.Support;
using Inbox.Core.Channels.X;

namespace Inbox.Browser.Tests;

/// <summary>The compose box counts a tweet as the server does (channels.js tweetLength = XText.WeightedLength), in the real browser.</summary>
public sealed class TweetLengthTests(BrowserFixture browser) : BrowserTest(browser)
{
    [Fact]
    public Task The_compose_box_counts_a_tweet_like_the_server() => Ui(async () =>
    {
        string[] texts =
        [
            "hello", "Merci ! Votre colis arrive demain, à 10 h — désolés du retard.", "你好", "👍 👨‍👩‍👧 ❤️ merci",
            "suivi : https://track.example.com/parcel/MA-1234567?lang=fr&utm_source=x.", "(voir www.example.com/aide)", "e\u0301",
            new string('b', 250) + " https://track.example.com/" + new string('a', 120),
            "retours : maison.fr/retours.", "voir example.com ou aide.maison.fr", "(maison.co)", "Bonjour. Merci.je reviens",
            "zoe@customer.com et MA-1234567.Le colis", "v2.0 ou 3.5 kg",
        ];
        var page = await LoggedInPageAsync();
        var counted = await page.EvaluateAsync<int[]>("async texts => { const m = await import('/js/channels.js'); return texts.map(m.tweetLength); }", texts);
        Assert.Equal(texts.Select(XText.WeightedLength), counted);
    });
}
