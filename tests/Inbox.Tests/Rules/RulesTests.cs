using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Inbox.Core.Conversations;
using Inbox.Core.Rules;
using Inbox.Tests.Support;

namespace Inbox.Tests.Rules;

/// <summary>Leads' rules on the real host: a customer's new conversation arrives tagged, prioritised, assigned or in Spam; and priority by hand.</summary>
public sealed class RulesTests : IAsyncLifetime
{
    private InboxServer _server = null!;
    public async Task InitializeAsync() => _server = await InboxServer.StartAsync();
    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static async Task<RuleView> Create(InboxServer.Client lead, object rule)
    {
        using var r = await lead.Http.PostAsJsonAsync("/api/rules", rule);
        Assert.Equal(HttpStatusCode.Created, r.StatusCode);
        return (await r.Content.ReadFromJsonAsync<RuleView>())!;
    }

    private static async Task<ConversationView> Conversation(InboxServer.Client who, long id) =>
        (await who.Http.GetFromJsonAsync<ConversationDetail>($"/api/conversations/{id}"))!.Conversation;

    private static async Task<ConversationEvent[]> History(InboxServer.Client who, long id) =>
        (await who.Http.GetFromJsonAsync<ConversationEvent[]>($"/api/conversations/{id}/history"))!;

    [Fact]
    public async Task New_conversations_are_tagged_prioritised_assigned_or_put_in_spam_by_the_rules_in_order()
    {
        using var lea = await _server.CreateAndLoginAsync("lea", "lead");
        using var amy = await _server.CreateAndLoginAsync("amy", "agent");
        var amyId = _server.Scalar<long>("SELECT id FROM agents WHERE username = 'amy'");
        var refunds = await Create(lea, new { name = "Refunds", words = "remboursement, refund", addTags = new[] { "Refund" }, setPriority = "high", assignTo = amyId });
        var vip = await Create(lea, new { name = "VIP", sender = "@VIP.test", addTags = new[] { "vip" }, setPriority = "urgent" });
        var junk = await Create(lea, new { name = "Junk", sender = "spam-domain.test", markSpam = true });
        await Create(lea, new { name = "Parcels", words = "colis", addTags = new[] { "parcel" }, enabled = false });
        Assert.Equal(["Refunds", "VIP", "Junk", "Parcels"], (await amy.Http.GetFromJsonAsync<RuleView[]>("/api/rules"))!.Select(r => r.Name));

        // A word at the start of a word, case and accents aside, in the subject or the text.
        var zoe = await _server.ReceiveEmailAsync("Zoe <zoe@customer.test>", "Question", "Où en est mon REMBOURSEMENT ?", messageId: "zoe-1@customer.test");
        var view = await Conversation(amy, zoe);
        Assert.Equal(("refund", 2, (long?)amyId), (string.Join(",", view.Tags), view.Priority, view.AssignedAgentId));
        Assert.NotNull(view.TimerDueAt);
        var events = await History(amy, zoe);
        Assert.All(events, e => Assert.Equal("Refunds", e.Rule));
        Assert.Equal(["tags", "priority", "assign"], events.Select(e => e.Action));

        // Two rules match: tags add up, the first priority wins.
        var boss = await _server.ReceiveEmailAsync("Boss <boss@vip.test>", "Refund now", "I want it today");
        view = await Conversation(amy, boss);
        Assert.Equal(("refund,vip", 2, (long?)amyId), (string.Join(",", view.Tags), view.Priority, view.AssignedAgentId));
        // Spam stops the rest: kept, closed, in Spam, no timer, no tag.
        var pills = await _server.ReceiveEmailAsync("Pills <deals@spam-domain.test>", "Remboursement garanti", "Buy now");
        view = await Conversation(amy, pills);
        Assert.Equal(("closed", (long?)null, 0), (view.Status, view.TimerDueAt, view.Tags.Count));
        Assert.NotNull(view.SpamAt);
        Assert.Equal("Junk", Assert.Single(await History(amy, pills)).Rule);
        // Not a match: a disabled rule, a word inside another ("prefund"), a later message of a conversation.
        var parcel = await _server.ReceiveEmailAsync("Sam <sam@customer.test>", "Colis", "Mon colis est en retard");
        view = await Conversation(amy, parcel);
        Assert.Equal((0, 1, (long?)null), (view.Tags.Count, view.Priority, view.AssignedAgentId));
        var prefunded = await _server.ReceiveEmailAsync("Ana <ana@customer.test>", "Prefund", "prefund of my order");
        Assert.Empty((await Conversation(amy, prefunded)).Tags);
        await _server.ReceiveEmailAsync("Zoe <zoe@customer.test>", "Re: Question", "Also: mon colis", messageId: "zoe-2@customer.test", inReplyTo: "zoe-1@customer.test");
        Assert.Equal(["refund"], (await Conversation(amy, zoe)).Tags);

        var counts = (await lea.Http.GetFromJsonAsync<RuleView[]>("/api/rules"))!.ToDictionary(r => r.Name, r => r.Matched);
        Assert.Equal((3L, 1L, 1L, 0L), (counts["Refunds"], counts["VIP"], counts["Junk"], counts["Parcels"]));

        // Moved and changed: Junk first, Refunds off.
        (await lea.Http.PostAsJsonAsync($"/api/rules/{junk.Id}/move", new { by = -1 })).EnsureSuccessStatusCode();
        var order = await (await lea.Http.PostAsJsonAsync($"/api/rules/{junk.Id}/move", new { by = -1 })).Content.ReadFromJsonAsync<RuleView[]>();
        Assert.Equal(["Junk", "Refunds", "VIP", "Parcels"], order!.Select(r => r.Name));
        (await lea.Http.PutAsJsonAsync($"/api/rules/{refunds.Id}", new { name = "Refunds", words = "refund", addTags = new[] { "refund" }, enabled = false })).EnsureSuccessStatusCode();
        var later = await _server.ReceiveEmailAsync("Leo <leo@customer.test>", "Refund", "refund please");
        Assert.Empty((await Conversation(amy, later)).Tags);

        // Refused with the reason; only leads write rules.
        async Task<string> Refused(object rule)
        {
            using var r = await lea.Http.PostAsJsonAsync("/api/rules", rule);
            Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
            return (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString()!;
        }
        Assert.Contains("does something", await Refused(new { name = "Nothing", words = "x" }));
        Assert.Contains("does nothing else", await Refused(new { name = "Both", markSpam = true, addTags = new[] { "x" } }));
        Assert.Contains("channel", await Refused(new { name = "Fax", channel = "fax", addTags = new[] { "x" } }));
        Assert.Contains("priority", await Refused(new { name = "Hot", setPriority = "hot" }));
        Assert.Contains("enabled agent", await Refused(new { name = "Admin", assignTo = 1 }));
        Assert.Contains("a tag is", await Refused(new { name = "Bad tag", addTags = new[] { "a/b" } }));
        Assert.Equal(HttpStatusCode.Forbidden, (await amy.Http.PostAsJsonAsync("/api/rules", new { name = "Mine", addTags = new[] { "x" } })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await lea.Http.PutAsJsonAsync("/api/rules/999", new { name = "X", addTags = new[] { "x" } })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await lea.Http.PostAsJsonAsync("/api/rules/999/move", new { by = 1 })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await lea.Http.DeleteAsync($"/api/rules/{vip.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await lea.Http.DeleteAsync($"/api/rules/{vip.Id}")).StatusCode);
        Assert.Equal(4, _server.Scalar<long>("SELECT COUNT(*) FROM audit_log WHERE action = 'rule.create'"));
        Assert.Equal(1, _server.Scalar<long>("SELECT COUNT(*) FROM audit_log WHERE action = 'rule.delete' AND details LIKE '%vip.test%'"));
    }

    [Fact]
    public async Task A_blocked_customers_new_conversation_goes_to_spam_untouched_by_the_rules()
    {
        using var lea = await _server.CreateAndLoginAsync("lea", "lead");
        var leaId = _server.Scalar<long>("SELECT id FROM agents WHERE username = 'lea'");
        await Create(lea, new { name = "Everything", addTags = new[] { "triage" }, assignTo = leaId });
        var first = await _server.ReceiveEmailAsync("Pills <pills@spam.test>", "Deal", "Buy now");
        Assert.Equal(("triage", (long?)leaId), (string.Join(",", (await Conversation(lea, first)).Tags), (await Conversation(lea, first)).AssignedAgentId));
        (await lea.Http.PostAsJsonAsync($"/api/conversations/{first}/spam", new { block = true })).EnsureSuccessStatusCode();

        var next = await _server.ReceiveEmailAsync("Pills <pills@spam.test>", "Another deal", "Buy more");
        var view = await Conversation(lea, next);
        Assert.NotNull(view.SpamAt);
        Assert.Equal((0, (long?)null), (view.Tags.Count, view.AssignedAgentId));
        Assert.Equal(1L, (await lea.Http.GetFromJsonAsync<RuleView[]>("/api/rules"))!.Single().Matched);
    }

    [Fact]
    public async Task An_agent_sets_a_priority_and_the_list_sorts_by_it()
    {
        using var amy = await _server.CreateAndLoginAsync("amy", "agent");
        var first = await _server.ReceiveEmailAsync("zoe@customer.test", "One", "first");
        var second = await _server.ReceiveEmailAsync("sam@customer.test", "Two", "second");
        var third = await _server.ReceiveEmailAsync("ana@customer.test", "Three", "third");
        using var set = await amy.Http.PostAsJsonAsync($"/api/conversations/{first}/priority", new { priority = "urgent" });
        Assert.Equal(3, (await set.Content.ReadFromJsonAsync<ConversationView>())!.Priority);
        (await amy.Http.PostAsJsonAsync($"/api/conversations/{third}/priority", new { priority = "low" })).EnsureSuccessStatusCode();
        var sorted = (await amy.Http.GetFromJsonAsync<ConversationView[]>("/api/conversations?sort=priority"))!.Select(c => c.Id);
        Assert.Equal([first, second, third], sorted);
        var e = Assert.Single(await History(amy, first));
        Assert.Equal(("priority", "urgent", "amy"), (e.Action, e.Priority, e.AgentName));
        // The same again changes nothing and says nothing.
        (await amy.Http.PostAsJsonAsync($"/api/conversations/{first}/priority", new { priority = "URGENT" })).EnsureSuccessStatusCode();
        Assert.Single(await History(amy, first));
        using var bad = await amy.Http.PostAsJsonAsync($"/api/conversations/{first}/priority", new { priority = "hot" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await amy.Http.PostAsJsonAsync("/api/conversations/99999/priority", new { priority = "high" })).StatusCode);
        using var anonymous = _server.Anonymous();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.Http.PostAsJsonAsync($"/api/conversations/{first}/priority", new { priority = "high" })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.Http.GetAsync("/api/rules")).StatusCode);
    }
}
