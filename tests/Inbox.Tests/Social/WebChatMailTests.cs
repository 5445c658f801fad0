using System.Net;
using System.Net.Http.Json;
using System.Text;
using Inbox.Tests.Email;
using Inbox.Tests.Support;
using Microsoft.AspNetCore.SignalR.Client;

namespace Inbox.Tests.Social;

/// <summary>A web chat answer by email through real Postfix and Dovecot, for a visitor who left the chat page and gave an address.</summary>
[Collection(MailServersCollection.Name)]
public sealed class WebChatMailTests(MailServers servers) : IAsyncLifetime
{
    private InboxServer _server = null!;

    public async Task InitializeAsync()
    {
        _ = servers;
        await MailServers.ClearAsync(MailServers.Support, MailServers.Customer);
        var settings = MailServers.Settings();
        settings["Inbox:PublicUrl"] = "https://inbox.example.test";
        settings["Inbox:WebChat:EmailAfterSeconds"] = "1";
        _server = await InboxServer.StartAsync(settings);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private sealed record Session(string Visitor, string Token);

    [Fact]
    public async Task An_answer_reaches_a_visitor_who_left_by_email_and_one_on_the_page_only_there()
    {
        using var visitor = new HttpClient { BaseAddress = new Uri(_server.Url) };
        visitor.DefaultRequestHeaders.Add("X-Requested-With", "inbox");
        using var started = await visitor.PostAsJsonAsync("/chat/session", new { name = "Léa Roux", email = MailServers.Customer });
        var s = (await started.Content.ReadFromJsonAsync<Session>())!;
        visitor.DefaultRequestHeaders.Add("X-Chat-Visitor", s.Visitor);
        visitor.DefaultRequestHeaders.Add("X-Chat-Token", s.Token);
        (await visitor.PostAsync("/chat/messages", new StringContent("""{"id":"c1","text":"Bonjour, où en est ma commande 5521 ?"}""", Encoding.UTF8, "application/json")))
            .EnsureSuccessStatusCode();
        await Wait.UntilAsync(() => _server.Scalar<long>("SELECT COUNT(*) FROM messages WHERE channel = 'webchat'") == 1);
        var conversation = _server.Scalar<long>("SELECT conversation_id FROM messages WHERE external_id = 'c1'");
        using var agent = await _server.LoginAsync();

        // On the page: the answer is pushed there, and not mailed.
        var page = new HubConnectionBuilder().WithUrl(new Uri(new Uri(_server.Url), $"/hubs/chat?visitor={s.Visitor}&token={Uri.EscapeDataString(s.Token)}")).Build();
        await page.StartAsync();
        (await agent.Http.PostAsJsonAsync($"/api/conversations/{conversation}/replies", new { text = "Je regarde tout de suite.", clientRef = "a1" })).EnsureSuccessStatusCode();
        await Wait.UntilAsync(() => _server.Scalar<string>("SELECT status FROM messages WHERE client_ref = 'a1'") == "sent");

        // Gone: the next answer waits a moment (a reload?), then goes by email, in the conversation's language, with the way back.
        await page.DisposeAsync();
        // (The server learns of the closed connection a moment later: an answer sent before that would find them still there.)
        await Wait.UntilAsync(async () => !(await agent.Http.GetFromJsonAsync<Inbox.Core.Channels.WebChat.VisitorPresenceView>($"/api/conversations/{conversation}/visitor"))!.Online);
        (await agent.Http.PostAsJsonAsync($"/api/conversations/{conversation}/replies", new { text = "Elle part aujourd'hui, Léa.", clientRef = "a2" })).EnsureSuccessStatusCode();
        var mail = await MailServers.WaitForAsync(MailServers.Customer, m => m.Subject == "Notre réponse à votre message");
        Assert.Contains("Elle part aujourd'hui, Léa.", mail.TextBody);
        Assert.Contains("admin a répondu à votre message sur le chat", mail.TextBody);
        Assert.Contains("https://inbox.example.test/chat.html", mail.TextBody);
        Assert.Equal("auto-generated", mail.Headers["Auto-Submitted"]);
        await Wait.UntilAsync(() => _server.Scalar<string>("SELECT status FROM messages WHERE client_ref = 'a2'") == "sent");
        // Only that one: the answer given while the visitor was on the page was not mailed.
        var mails = await MailServers.ReadAsync(MailServers.Customer);
        Assert.Equal(["Elle part aujourd'hui, Léa."], mails.Where(m => m.Subject == "Notre réponse à votre message")
            .Select(m => System.Text.RegularExpressions.Regex.Match(m.TextBody!, "Elle part[^\n]*|Je regarde[^\n]*").Value));
    }
}
