using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Inbox.Core.Conversations;
using Inbox.Core.Replay;
using Inbox.Core.Storage;
using Inbox.Tests.Support;
using Inbox.Web.Channels.Email;
using Microsoft.AspNetCore.SignalR.Client;
using Xunit.Abstractions;

namespace Inbox.Tests.Email;

/// <summary>A whole email conversation through real Postfix and Dovecot: customer mail in over IMAP IDLE, agent reply out over SMTP.</summary>
[Collection(MailServersCollection.Name)]
public sealed class EmailEndToEndTests(MailServers servers, ITestOutputHelper output) : IAsyncLifetime
{
    private InboxServer _server = null!;
    private readonly ConcurrentQueue<(MessageView Message, long At)> _added = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private HubConnection _hub = null!;
    private InboxServer.Client _agent = null!;

    public async Task InitializeAsync()
    {
        _ = servers;
        await MailServers.ClearAsync(MailServers.Support, MailServers.Customer);
        _server = await InboxServer.StartAsync(MailServers.Settings());
        _agent = await _server.LoginAsync();
        _hub = await _agent.ConnectHubAsync();
        _hub.OnArrivedInFull(_agent.Http, m => _added.Enqueue((m, _clock.ElapsedMilliseconds)));
        await Wait.UntilAsync(() => _server.Get<ImapIntakeService>().Watchers[0].Sessions > 0, TimeSpan.FromSeconds(15), "IMAP session");
    }

    public async Task DisposeAsync()
    {
        await _hub.DisposeAsync();
        _agent.Dispose();
        await _server.DisposeAsync();
    }

    private async Task<(MessageView Message, long At)> Arrival(string externalId, TimeSpan? timeout = null)
    {
        await Wait.UntilAsync(() => _added.Any(a => a.Message.ExternalId == externalId), timeout ?? TimeSpan.FromSeconds(20), "hub MessageAdded " + externalId);
        return _added.First(a => a.Message.ExternalId == externalId);
    }

    [Fact]
    public async Task CustomerMailReachesTheAgentAndTheWholeConversationThreadsBothWays()
    {
        // 1. The customer writes to support over SMTP; IMAP IDLE brings it to the agent's hub client.
        await Task.Delay(300); // let the watcher enter IDLE after its catch-up
        var first = MailServers.NewMail("Camille Martin <customer@example.test>", MailServers.Support, "Colis 4471 jamais arrivé",
            "Bonjour, mon colis 4471 n'est jamais arrivé.\n\n-- \nCamille");
        var sentAt = _clock.ElapsedMilliseconds;
        await MailServers.SendAsync(first);
        var (inbound, arrivedAt) = await Arrival($"<{first.MessageId}>");
        output.WriteLine($"SMTP send → hub MessageAdded: {arrivedAt - sentAt} ms");
        Assert.Equal("Bonjour, mon colis 4471 n'est jamais arrivé.", inbound.DisplayText);
        Assert.Equal("Colis 4471 jamais arrivé", inbound.Subject);

        // 2. The agent answers through the reply API; Postfix delivers it to the customer's mailbox.
        using var r = await _agent.Http.PostAsJsonAsync($"/api/conversations/{inbound.ConversationId}/replies",
            new { text = "Bonjour Camille, le colis part aujourd'hui.", clientRef = Guid.NewGuid().ToString() });
        Assert.Equal(HttpStatusCode.Created, r.StatusCode);
        var reply = (await r.Content.ReadFromJsonAsync<MessageView>())!;
        Assert.EndsWith("@inbox.example.test>", reply.ExternalId);
        var delivered = await MailServers.WaitForAsync(MailServers.Customer, m => $"<{m.MessageId}>" == reply.ExternalId);
        Assert.Equal(first.MessageId, delivered.InReplyTo);
        Assert.Equal([first.MessageId!], delivered.References);
        Assert.Equal(MailServers.Support, delivered.From.Mailboxes.Single().Address);
        var token = Token(inbound.ConversationId);
        Assert.Equal($"reply+{token}@example.test", delivered.ReplyTo.Mailboxes.Single().Address);
        Assert.Equal($"Re: Colis 4471 jamais arrivé [#{token}]", delivered.Subject);
        Assert.Contains("le colis part aujourd'hui", delivered.TextBody);
        await Wait.UntilAsync(() => Status(reply.Id) == "sent", what: "reply marked sent");
        // The brand's own mail client shows the answer: a read copy in support's Sent folder.
        var (copy, seen) = await MailServers.SentCopyAsync(MailServers.Support, delivered.MessageId!);
        Assert.Equal("Bonjour Camille, le colis part aujourd'hui.", copy.TextBody?.Trim());
        Assert.True(seen);

        // 3. The customer answers that mail (quoting it); the answer joins the same conversation.
        var answer = MailServers.NewMail(MailServers.Customer, delivered.ReplyTo.Mailboxes.Single().Address, "Re: " + delivered.Subject,
            $"Merci beaucoup !\n\nLe lun. 1 janv. 2024 à 10:00, Support <support@example.test> a écrit :\n> {delivered.TextBody!.Trim()}\n", $"<{delivered.MessageId}>");
        answer.References.Clear();
        foreach (var id in delivered.References) answer.References.Add(id);
        answer.References.Add(delivered.MessageId!);
        await MailServers.SendAsync(answer);
        var (joined, _) = await Arrival($"<{answer.MessageId}>");
        Assert.Equal(inbound.ConversationId, joined.ConversationId);
        Assert.Equal("Merci beaucoup !", joined.DisplayText);
        Assert.Contains("le colis part aujourd'hui", joined.Text);

        // 4. A mail that lost every threading header still joins through the plus address alone.
        var bare = MailServers.NewMail(MailServers.Customer, $"reply+{token}@example.test", "no headers", "Encore une question.");
        await MailServers.SendAsync(bare);
        Assert.Equal(inbound.ConversationId, (await Arrival($"<{bare.MessageId}>")).Message.ConversationId);
    }

    [Fact]
    public async Task AnAgentStartsAConversationByEmailAndTheCustomersAnswerJoinsIt()
    {
        var request = new { to = "Camille Martin <Customer@example.test>", subject = "Votre colis 4471", text = "Bonjour Camille, votre colis 4471 a pris du retard : il arrive jeudi.", clientRef = "start-4471" };
        using var started = await _agent.Http.PostAsJsonAsync("/api/conversations/email", request);
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        var conversationId = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("conversationId").GetInt64();
        // Sent twice (a double click, a retry): one conversation, one mail.
        using (var again = await _agent.Http.PostAsJsonAsync("/api/conversations/email", request))
        {
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
            Assert.Equal(conversationId, (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("conversationId").GetInt64());
        }
        Assert.Equal(1, _server.Scalar<long>("SELECT COUNT(*) FROM conversations"));
        Assert.Equal(("pending", "Camille Martin"), (_server.Scalar<string>("SELECT status FROM conversations WHERE id = @conversationId", new { conversationId }),
            _server.Scalar<string>("SELECT display_name FROM customers")));

        // The customer gets it under its own subject (no "Re:"), to their name, from the support address.
        var delivered = await MailServers.WaitForAsync(MailServers.Customer, m => m.Subject?.StartsWith("Votre colis 4471") == true);
        Assert.Equal("Camille Martin", delivered.To.Mailboxes.Single().Name);
        Assert.Equal(MailServers.Support, delivered.From.Mailboxes.Single().Address);
        Assert.Null(delivered.InReplyTo);

        // Their answer joins it, and it is the team's turn again.
        var answer = MailServers.NewMail(MailServers.Customer, delivered.ReplyTo.Mailboxes.Single().Address, "Re: " + delivered.Subject,
            "Merci de m'avoir prévenue.", $"<{delivered.MessageId}>");
        await MailServers.SendAsync(answer);
        var (joined, _) = await Arrival($"<{answer.MessageId}>");
        Assert.Equal(conversationId, joined.ConversationId);
        Assert.Equal("open", _server.Scalar<string>("SELECT status FROM conversations WHERE id = @conversationId", new { conversationId }));
        Assert.Equal(1, _server.Scalar<long>("SELECT COUNT(*) FROM audit_log WHERE action = 'conversation.start'"));

        // What cannot go out is refused before anything is stored.
        using var bad = await _agent.Http.PostAsJsonAsync("/api/conversations/email", new { to = "not an address", subject = "x", text = "y" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        using var noSubject = await _agent.Http.PostAsJsonAsync("/api/conversations/email", new { to = "sam@example.test", subject = " ", text = "y" });
        Assert.Contains("subject", await noSubject.Content.ReadAsStringAsync());
        Assert.Equal(1, _server.Scalar<long>("SELECT COUNT(*) FROM conversations"));

        // A second mail to the same address: the same customer, whose name an agent's shorthand does not change.
        using var second = await _agent.Http.PostAsJsonAsync("/api/conversations/email", new { to = "Cam <customer@example.test>", subject = "Autre chose", text = "Bonjour." });
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.Equal((1L, "Camille Martin"), (_server.Scalar<long>("SELECT COUNT(*) FROM customers"), _server.Scalar<string>("SELECT display_name FROM identities")));
    }

    [Fact]
    public async Task PeopleTheCustomerCopiedGetTheReplyAndTheirAnswersJoinTheConversation()
    {
        const string Bcc = "agent@example.test";
        await MailServers.ClearAsync(MailServers.Customer2, Bcc);
        await Task.Delay(300);
        // The customer copies her husband (and support's own address twice over, which is not "someone else").
        var first = MailServers.NewMail("Léa Roux <customer@example.test>", MailServers.Support, "Remboursement commande 5521", "Bonjour, j'attends le remboursement de la commande 5521.");
        first.Cc.Add(new MimeKit.MailboxAddress("Marc Roux", MailServers.Customer2));
        first.Cc.Add(MimeKit.MailboxAddress.Parse("Support <SUPPORT@example.test>"));
        await MailServers.SendAsync(first);
        var (inbound, _) = await Arrival($"<{first.MessageId}>");
        Assert.Equal("Marc Roux <customer2@example.test>", inbound.Cc);
        Assert.Null(inbound.Sender);

        // The agent answers all, with a colleague in Bcc.
        using var r = await _agent.Http.PostAsJsonAsync($"/api/conversations/{inbound.ConversationId}/replies",
            new { text = "Bonjour, le remboursement part aujourd'hui.", clientRef = Guid.NewGuid().ToString(), cc = inbound.Cc, bcc = Bcc });
        Assert.Equal(HttpStatusCode.Created, r.StatusCode);
        var reply = (await r.Content.ReadFromJsonAsync<MessageView>())!;
        Assert.Equal((inbound.Cc, Bcc), (reply.Cc, reply.Bcc));
        var toCustomer = await MailServers.WaitForAsync(MailServers.Customer, m => $"<{m.MessageId}>" == reply.ExternalId);
        Assert.Equal([MailServers.Customer2], toCustomer.Cc.Mailboxes.Select(m => m.Address));
        Assert.Empty(toCustomer.Bcc); // what Postfix delivered names no Bcc
        Assert.Null(toCustomer.Headers[MimeKit.HeaderId.Bcc]);
        var toHusband = await MailServers.WaitForAsync(MailServers.Customer2, m => $"<{m.MessageId}>" == reply.ExternalId);
        Assert.Empty(toHusband.Bcc);
        await MailServers.WaitForAsync(Bcc, m => $"<{m.MessageId}>" == reply.ExternalId);
        // The brand's Sent folder keeps who was in Bcc, as a mail client's does.
        var (copy, _) = await MailServers.SentCopyAsync(MailServers.Support, toCustomer.MessageId!);
        Assert.Equal([Bcc], copy.Bcc.Mailboxes.Select(m => m.Address));

        // The husband answers all: his mail joins the conversation, said to be his.
        var answer = MailServers.NewMail("Marc Roux <customer2@example.test>", toCustomer.ReplyTo.Mailboxes.Single().Address, "Re: " + toCustomer.Subject,
            "Merci, nous surveillons le compte.", $"<{toCustomer.MessageId}>");
        answer.Cc.Add(MimeKit.MailboxAddress.Parse("Léa Roux <customer@example.test>"));
        await MailServers.SendAsync(answer);
        var (joined, _) = await Arrival($"<{answer.MessageId}>");
        Assert.Equal(inbound.ConversationId, joined.ConversationId);
        Assert.Equal("Marc Roux <customer2@example.test>", joined.Sender);
        Assert.Equal("Léa Roux <customer@example.test>", joined.Cc);
        // Only his is marked (a mail's time is its Date header, in whole seconds: his may sort before the agent's reply).
        var thread = (await _agent.Http.GetFromJsonAsync<ConversationDetail>($"/api/conversations/{inbound.ConversationId}"))!;
        Assert.Equal(3, thread.Messages.Count);
        Assert.Equal(joined.Id, thread.Messages.Single(m => m.Sender is not null).Id);

        // What is not an address is refused by name, and nothing is stored; Cc is for email only.
        var before = Count("SELECT COUNT(*) FROM messages");
        using var bad = await _agent.Http.PostAsJsonAsync($"/api/conversations/{inbound.ConversationId}/replies", new { text = "x", clientRef = "bad-cc", cc = "marc@, Léa" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        Assert.Contains("Cc", await bad.Content.ReadAsStringAsync());
        using var badBcc = await _agent.Http.PostAsJsonAsync("/api/conversations/email", new { to = MailServers.Customer, subject = "s", text = "t", bcc = "not an address" });
        Assert.Contains("Bcc", await badBcc.Content.ReadAsStringAsync());
        Assert.Equal(before, Count("SELECT COUNT(*) FROM messages"));
    }

    [Fact]
    public async Task AnAgentsFilesReachTheCustomerAsAttachmentsOfTheReply()
    {
        await Task.Delay(300);
        var first = MailServers.NewMail("Léa Roux <customer@example.test>", MailServers.Support, "Étiquette de retour", "Pouvez-vous m'envoyer l'étiquette ?");
        await MailServers.SendAsync(first);
        var (inbound, _) = await Arrival($"<{first.MessageId}>");

        byte[] label = [.. "%PDF-1.4\n"u8, .. Enumerable.Range(0, 40_000).Select(i => (byte)(i * 31))];
        byte[] notice = "Retour gratuit sous 30 jours."u8.ToArray();
        using var r = await _agent.Http.PostAsJsonAsync($"/api/conversations/{inbound.ConversationId}/replies", new
        {
            text = "Voici votre étiquette.", clientRef = Guid.NewGuid().ToString(),
            attachments = new[]
            {
                new { fileName = "étiquette retour.pdf", contentType = "application/pdf", content = Convert.ToBase64String(label) },
                new { fileName = "conditions.txt", contentType = "text/plain", content = Convert.ToBase64String(notice) },
            },
        });
        Assert.Equal(HttpStatusCode.Created, r.StatusCode);
        var reply = (await r.Content.ReadFromJsonAsync<MessageView>())!;

        // Through Postfix into the customer's mailbox: the text, then both files with their names and bytes.
        var delivered = await MailServers.WaitForAsync(MailServers.Customer, m => $"<{m.MessageId}>" == reply.ExternalId);
        Assert.Equal("Voici votre étiquette.", delivered.TextBody?.Trim());
        var files = delivered.Attachments.OfType<MimeKit.MimePart>().ToList();
        Assert.Equal(["étiquette retour.pdf", "conditions.txt"], files.Select(f => f.FileName));
        Assert.Equal("application/pdf", files[0].ContentType.MimeType);
        byte[] Bytes(MimeKit.MimePart part)
        {
            using var ms = new MemoryStream();
            part.Content!.DecodeTo(ms);
            return ms.ToArray();
        }
        Assert.Equal(label, Bytes(files[0]));
        Assert.Equal(notice, Bytes(files[1]));
        await Wait.UntilAsync(() => Status(reply.Id) == "sent", what: "reply marked sent");
        Assert.Equal(2, Count("SELECT COUNT(*) FROM attachments WHERE message_id = @Id", reply));
    }

    [Fact]
    public async Task TheSameMailThroughImapAndTheInboundEndpointIsStoredOnce()
    {
        var mail = MailServers.NewMail(MailServers.Customer, MailServers.Support, "twice", "Sent by both paths.");
        using var ms = new MemoryStream();
        await mail.WriteToAsync(ms);
        var content = new ByteArrayContent(ms.ToArray());
        var request = new HttpRequestMessage(HttpMethod.Post, "/inbound/email") { Content = content };
        request.Headers.Add("X-Inbox-Secret", InboxServer.InboundSecret);
        Assert.Equal(HttpStatusCode.OK, (await _server.Anonymous().Http.SendAsync(request)).StatusCode);
        await MailServers.SendAsync(mail);

        await Arrival($"<{mail.MessageId}>");
        await Wait.UntilAsync(() => Checkpoint().LastUid >= 1, what: "IMAP read the SMTP copy");
        await Task.Delay(500);
        Assert.Equal(1, Count("SELECT COUNT(*) FROM messages WHERE external_id = @id", new { id = $"<{mail.MessageId}>" }));
        Assert.Equal(1, Count("SELECT COUNT(*) FROM raw_events"));
    }

    [Fact]
    public async Task AutoRepliesAreStoredButKeptOutOfTheAgentsQueue()
    {
        var auto = MailServers.NewMail(MailServers.Customer, MailServers.Support, "Out of office", "I am away until Monday.");
        auto.Headers.Add("Auto-Submitted", "auto-replied");
        await MailServers.SendAsync(auto);
        var (m, _) = await Arrival($"<{auto.MessageId}>");
        Assert.Contains("auto-reply", m.Tags);
        var queue = await _agent.Http.GetFromJsonAsync<List<ConversationView>>("/api/conversations");
        Assert.DoesNotContain(queue!, c => c.Id == m.ConversationId);
        var automated = await _agent.Http.GetFromJsonAsync<List<ConversationView>>("/api/conversations?automated=true");
        Assert.Contains(automated!, c => c.Id == m.ConversationId);
    }

    [Fact]
    public async Task ReplayedEmailEventsTravelOverSmtpAndComeBackThroughImap()
    {
        var events = Scenario.Load(Path.Combine(Paths.Repo, "src", "Inbox.Web", "Demo", "demo.jsonl"))
            .Where(e => e.Channel == "email" && e.Direction == "in").Take(3).ToList();
        Assert.Equal(3, events.Count);
        await using (var smtp = SmtpScenarioChannel.Parse($"{MailServers.Host}:{MailServers.SmtpPort}", MailServers.Support))
            foreach (var e in events) await smtp.SendAsync(e, e.At, CancellationToken.None);

        foreach (var e in events)
        {
            var (m, _) = await Arrival(Scenario.ExternalId("email", e.Id));
            Assert.Equal(e.Text.Trim(), m.Text);
        }
    }

    private string Token(long conversationId) => Query<string>("SELECT token FROM conversations WHERE id = @conversationId", new { conversationId });
    private string Status(long messageId) => Query<string>("SELECT status FROM messages WHERE id = @messageId", new { messageId });
    private long Count(string sql, object? args = null) => Query<long>(sql, args);
    private (long UidValidity, long LastUid) Checkpoint() =>
        Query<(long, long)?>("SELECT uid_validity, last_uid FROM email_checkpoints WHERE mailbox = 'support'") ?? (0, 0);

    private T Query<T>(string sql, object? args = null)
    {
        using var c = _server.Get<Db>().Open();
        return c.QuerySingleOrDefault<T>(sql, args)!;
    }
}
