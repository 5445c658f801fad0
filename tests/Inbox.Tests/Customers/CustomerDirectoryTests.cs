using System.Net.Http.Json;
using System.Text.Json;
using Inbox.Tests.Social;
using Inbox.Tests.Support;

namespace Inbox.Tests.Customers;

/// <summary>The customers directory over the real API: the most recently in touch first, found by name or by any identity.</summary>
public sealed class CustomerDirectoryTests(SocialHost host) : IClassFixture<SocialHost>
{
    private static string[] Names(JsonElement rows) => rows.EnumerateArray().Select(r => r.GetProperty("displayName").GetString()!).ToArray();

    [Fact]
    public async Task Customers_are_listed_most_recent_first_and_found_by_name_address_handle_or_phone()
    {
        var server = host.Server;
        var lea = await server.ReceiveEmailAsync("Léa Roux <lea.roux@customer.test>", "Colis 4471", "Mon colis 4471 n'est pas arrivé.");
        await server.ReceiveEmailAsync("Léa Roux <lea.roux@customer.test>", "Facture", "Pouvez-vous m'envoyer la facture ?");
        await Task.Delay(5);
        await server.ReceiveEmailAsync("Hugo Petit <hugo@customer.test>", "Horaires", "Êtes-vous ouverts le dimanche ?");
        var wamid = "wamid." + Guid.NewGuid().ToString("N");
        (await host.PostMeta(SocialHost.WhatsAppText("33612345678", wamid, "Bonjour, ma commande ?", DateTimeOffset.UtcNow.AddSeconds(1)))).EnsureSuccessStatusCode();
        await host.ConversationOf("whatsapp", wamid);
        using var agent = await server.CreateAndLoginAsync("dir-" + Guid.NewGuid().ToString("N")[..6], "agent");
        (await agent.Http.PostAsJsonAsync($"/api/conversations/{lea}/status", new { status = "closed" })).EnsureSuccessStatusCode();

        // Everyone, the one last in touch first; counts of conversations and open ones; identities with their channel.
        var all = await agent.Http.GetFromJsonAsync<JsonElement>("/api/customers?search=");
        var names = Names(all);
        Assert.True(Array.IndexOf(names, "Wanda") < Array.IndexOf(names, "Hugo Petit") && Array.IndexOf(names, "Hugo Petit") < Array.IndexOf(names, "Léa Roux"), string.Join(", ", names));
        var row = all.EnumerateArray().Single(r => r.GetProperty("displayName").GetString() == "Léa Roux");
        Assert.Equal((2, 1), (row.GetProperty("conversations").GetInt32(), row.GetProperty("open").GetInt32()));
        Assert.Equal("lea.roux@customer.test", row.GetProperty("identities")[0].GetProperty("email").GetString());

        // Found by a part of the name (case aside), of the address, or by the phone's digits however they are written.
        Assert.Equal(["Léa Roux"], Names(await agent.Http.GetFromJsonAsync<JsonElement>("/api/customers?search=ROUX")));
        Assert.Equal(["Léa Roux"], Names(await agent.Http.GetFromJsonAsync<JsonElement>("/api/customers?search=lea%20r"))); // accents aside
        Assert.Equal(["Hugo Petit"], Names(await agent.Http.GetFromJsonAsync<JsonElement>("/api/customers?search=hugo%40customer")));
        Assert.Equal(["Wanda"], Names(await agent.Http.GetFromJsonAsync<JsonElement>("/api/customers?search=06%2012%2034%2056")));
        Assert.Empty(Names(await agent.Http.GetFromJsonAsync<JsonElement>("/api/customers?search=100%25")));
        Assert.Single(Names(await agent.Http.GetFromJsonAsync<JsonElement>("/api/customers?limit=1")));
    }
    [Fact]
    public async Task An_agent_merges_two_customers_who_are_one_person_and_can_undo_it()
    {
        var server = host.Server;
        var personal = await server.ReceiveEmailAsync("Inès Garnier <ines.garnier@customer.test>", "Retour", "Je voudrais retourner ma veste.");
        var work = await server.ReceiveEmailAsync("I. Garnier <i.garnier@work.test>", "Retour veste", "Suite à mon mail : retour de la veste.");
        long CustomerOf(long conversation) => server.Scalar<long>("SELECT customer_id FROM conversations WHERE id = @conversation", new { conversation });
        var (from, into) = (CustomerOf(work), CustomerOf(personal));
        using var agent = await server.CreateAndLoginAsync("dir-" + Guid.NewGuid().ToString("N")[..6], "agent");

        using (var r = await agent.Http.PostAsJsonAsync($"/api/customers/{from}/merge", new { into }))
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, r.StatusCode);
            Assert.Equal("merged", (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        }
        // One customer now: both addresses, both conversations; the one folded in is gone from the directory.
        var rows = await agent.Http.GetFromJsonAsync<JsonElement>("/api/customers?search=garnier");
        var one = Assert.Single(rows.EnumerateArray());
        Assert.Equal((into, 2), (one.GetProperty("id").GetInt64(), one.GetProperty("conversations").GetInt32()));
        Assert.Equal(["ines.garnier@customer.test", "i.garnier@work.test"], one.GetProperty("identities").EnumerateArray().Select(i => i.GetProperty("email").GetString()));
        Assert.Equal(into, CustomerOf(work));

        // Not twice, not with oneself, not with nobody.
        Assert.Equal(System.Net.HttpStatusCode.Conflict, (await agent.Http.PostAsJsonAsync($"/api/customers/{from}/merge", new { into })).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.Conflict, (await agent.Http.PostAsJsonAsync($"/api/customers/{into}/merge", new { into })).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await agent.Http.PostAsJsonAsync($"/api/customers/{into}/merge", new { into = 999_999 })).StatusCode);

        // Undone like any merge: the two again, each with their own conversation.
        var mergeId = server.Scalar<long>("SELECT id FROM customer_merges WHERE from_customer = @from AND into_customer = @into", new { from, into });
        (await agent.Http.PostAsync($"/api/customers/merges/{mergeId}/undo", null)).EnsureSuccessStatusCode();
        Assert.Equal(2, (await agent.Http.GetFromJsonAsync<JsonElement>("/api/customers?search=garnier")).GetArrayLength());
        Assert.Equal(from, CustomerOf(work));
        Assert.Equal(1, server.Scalar<long>("SELECT COUNT(*) FROM audit_log WHERE action = 'customer.merge' AND target = @t", new { t = $"merge:{mergeId}" }));
    }
}
