using System.Net.Http.Json;
using System.Text.Json;
using Inbox.Core.Conversations;
using Inbox.Tests.Support;

namespace Inbox.Tests.Foundation;

/// <summary>The search box finds what customers and agents wrote, in any message of a conversation, not only names and subjects.</summary>
public sealed class MessageSearchTests : IAsyncLifetime
{
    private InboxServer _server = null!;
    public async Task InitializeAsync() => _server = await InboxServer.StartAsync();
    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Words_in_quotes_are_a_phrase_found_one_after_the_other_in_one_message()
    {
        var damaged = await _server.ReceiveEmailAsync("zoe@customer.test", "Livraison", "Mon colis est arrivé ABÎMÉ, le carton déchiré.");
        var apart = await _server.ReceiveEmailAsync("sam@customer.test", "Question", "Le carton du colis, arrivé hier, abîmé ? Non.");
        using var admin = await _server.LoginAsync();
        async Task<long[]> Found(string search) =>
            (await admin.Http.GetFromJsonAsync<JsonElement>("/api/conversations?search=" + Uri.EscapeDataString(search)))
                .EnumerateArray().Select(c => c.GetProperty("id").GetInt64()).Order().ToArray();
        // Both indexed (the list's search would find "carton" in the previews before that).
        await Wait.UntilAsync(() => _server.Scalar<long>("SELECT COUNT(*) FROM message_search WHERE message_search MATCH 'carton'") == 2,
            TimeSpan.FromSeconds(10), "the messages indexed");

        Assert.Equal([damaged, apart], await Found("colis arrivé abîmé"));   // the words, anywhere in the message
        Assert.Equal([damaged], await Found("\"arrive abime\""));            // one after the other, accents and case aside
        Assert.Equal([damaged], await Found("\"arrivé abîmé, le cart\""));   // punctuation aside; the last word's start
        Assert.Equal([apart], await Found("\"du colis\" \"arrivé hier\"")); // two phrases, both in the message
        Assert.Empty(await Found("\"colis abîmé\""));
        Assert.Equal([apart], await Found("\"colis\" hier"));               // a quoted single word is a word

        // A saved view counts with the same query.
        using var view = await admin.Http.PostAsJsonAsync("/api/views", new { name = "Abîmés", query = "search=" + Uri.EscapeDataString("\"arrivé abîmé\"") });
        Assert.Equal(1, (await view.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("count").GetInt32());
    }

    [Fact]
    public async Task Words_of_any_message_find_their_conversation_whatever_the_accents_and_are_gone_after_an_erasure()
    {
        var parcel = await _server.ReceiveEmailAsync("zoe@customer.test", "Livraison", "Mon colis MA-4471 n'est jamais arrivé.", messageId: "p1@customer.test");
        await _server.ReceiveEmailAsync("zoe@customer.test", "Re: Livraison", "Des nouvelles ?", messageId: "p2@customer.test", inReplyTo: "p1@customer.test");
        var refund = await _server.ReceiveEmailAsync("sam@customer.test", "Question", "J'attends le remboursement de ma commande.", messageId: "r1@customer.test");
        using var admin = await _server.LoginAsync();
        // The agent's own answer is found too.
        (await admin.Http.PostAsJsonAsync($"/api/conversations/{refund}/replies", new { text = "Le virement part vendredi.", clientRef = "v1" })).EnsureSuccessStatusCode();

        async Task<long[]> Found(string search) =>
            (await admin.Http.GetFromJsonAsync<JsonElement>("/api/conversations?search=" + Uri.EscapeDataString(search)))
                .EnumerateArray().Select(c => c.GetProperty("id").GetInt64()).Order().ToArray();

        // New messages go into the index within a second (the intake writer indexes them together); "attends" is in
        // no name, subject or preview.
        long[] hits = [];
        await Wait.UntilAsync(async () => (hits = await Found("attends")).Length > 0, TimeSpan.FromSeconds(10), "the messages indexed");
        Assert.Equal([refund], hits);
        await Wait.UntilAsync(async () => (await Found("virement vendredi")).Length > 0, TimeSpan.FromSeconds(10), "the reply indexed");
        Assert.Equal([parcel], await Found("4471")); // in the first message; the preview is the second's
        Assert.Equal([parcel], await Found("colis ma-4471"));
        Assert.Equal([refund], await Found("REMBOURSÉ")); // the start of a word, accents and case aside
        Assert.Equal([refund], await Found("virement vendredi"));
        Assert.Empty(await Found("colis vendredi")); // every word in one message
        Assert.Empty(await Found("colis OR virement")); // "OR" is a word to look for, not an operator
        Assert.Empty(await Found("\"colis* NEAR(")); // the query language's signs are only punctuation here
        Assert.Equal([parcel], await Found("Livraison")); // subjects and names as before

        // Erased: the customer's words leave the index with the messages' text.
        var customer = _server.Scalar<long>("SELECT customer_id FROM conversations WHERE id = @parcel", new { parcel });
        (await admin.Http.PostAsJsonAsync($"/api/admin/customers/{customer}/erase", new { confirm = true })).EnsureSuccessStatusCode();
        Assert.Empty(await Found("4471"));
        Assert.Equal(0, _server.Scalar<long>("SELECT COUNT(*) FROM message_search WHERE message_search MATCH '\"4471\"'"));
    }

    [Theory]
    [InlineData("colis 4471", "\"colis\"* \"4471\"*")]
    [InlineData("  \"NEAR(a*) OR -b  ", "\"NEAR\"* \"a\"* \"OR\"* \"b\"*")]
    [InlineData("l'étiquette", "\"l\"* \"étiquette\"*")]
    [InlineData("?!", null)]
    public void The_search_box_becomes_words_never_operators(string typed, string? query) =>
        Assert.Equal(query, ConversationQueries.SearchWords(typed));
}
