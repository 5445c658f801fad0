using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Net.Http.Headers;
using Dapper;
using Inbox.Core.Conversations;
using Inbox.Core.Storage;
using Inbox.Core.Timers;
using Inbox.Tests.Support;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Inbox.Tests.Timers;

/// <summary>Response timers on the real host: intake, the scheduler and the lead's real SignalR client, on a fake clock.</summary>
public sealed class TimerAlertsTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "inbox-test-" + Guid.NewGuid().ToString("N")[..12]);
    private InboxServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await Start();
        using var admin = await _server.LoginAsync();
        // Email defaults to 24 h; one hour keeps the cookies of this test valid while the clock moves.
        var settings = await admin.Http.GetFromJsonAsync<SlaSettings>("/api/sla");
        var email = settings!.Policies.Single(p => p.Channel == "email") with { FirstResponseMinutes = 60, NextResponseMinutes = 60 };
        var r = await admin.Http.PutAsJsonAsync("/api/admin/sla", settings with { Policies = [.. settings.Policies.Where(p => p.Channel != "email"), email] });
        r.EnsureSuccessStatusCode();
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private Task<InboxServer> Start() =>
        InboxServer.StartAsync(dir: _dir, configure: b => b.Services.AddSingleton<TimeProvider>(_clock));

    private async Task StopKeepingTheDatabase()
    {
        await _server.App.StopAsync();
        await _server.App.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    private async Task<long> PostCustomerEmail(string from = "marie@example.fr")
    {
        var content = new ByteArrayContent(Mail.Mime(from, "Commande 4471", "Ma commande 4471 n'est pas arrivée.", date: _clock.GetUtcNow()));
        content.Headers.ContentType = new MediaTypeHeaderValue("message/rfc822");
        var request = new HttpRequestMessage(HttpMethod.Post, "/inbound/email") { Content = content };
        request.Headers.Add("X-Inbox-Secret", InboxServer.InboundSecret);
        (await _server.Anonymous().Http.SendAsync(request)).EnsureSuccessStatusCode();
        long? id = null;
        await Wait.UntilAsync(() => (id = Query<long?>("SELECT conversation_id FROM conversation_timers")) is not null, what: "a running timer");
        return id!.Value;
    }

    private T Query<T>(string sql)
    {
        using var c = _server.Get<Db>().Open();
        return c.QueryFirstOrDefault<T>(sql)!;
    }

    private static async Task<(HubConnection Hub, ConcurrentQueue<SlaAlert> Alerts)> LeadHub(InboxServer.Client lead)
    {
        var hub = await lead.ConnectHubAsync();
        var alerts = new ConcurrentQueue<SlaAlert>();
        hub.On<SlaAlert>("SlaAlert", alerts.Enqueue);
        return (hub, alerts);
    }

    [Fact]
    public async Task AnUnansweredMessageReachesTheLeadAsAtRiskThenBreached()
    {
        using var lead = await _server.CreateAndLoginAsync("lea", "lead");
        var (hub, alerts) = await LeadHub(lead);
        await using var _ = hub;
        var id = await PostCustomerEmail();

        var listed = await lead.Http.GetFromJsonAsync<List<ConversationView>>("/api/conversations");
        var view = Assert.Single(listed!);
        Assert.Equal("first", view.TimerKind);
        Assert.Equal(_clock.GetUtcNow().ToUnixTimeMilliseconds() + 3_600_000, view.TimerDueAt);

        _clock.Advance(TimeSpan.FromMinutes(44));
        await Task.Delay(300);
        Assert.Empty(alerts);
        _clock.Advance(TimeSpan.FromMinutes(1));
        await Wait.UntilAsync(() => alerts.Count == 1, what: "at-risk alert");
        _clock.Advance(TimeSpan.FromMinutes(15));
        await Wait.UntilAsync(() => alerts.Count == 2, what: "breach alert");

        Assert.Equal(["at_risk", "breached"], alerts.Select(a => a.Level));
        Assert.All(alerts, a => Assert.Equal(id, a.ConversationId));
        Assert.Equal("Commande 4471", (await lead.Http.GetFromJsonAsync<ConversationDetail>($"/api/conversations/{id}"))!.Conversation.Subject);
        var board = await lead.Http.GetFromJsonAsync<BoardSnapshot>("/api/board");
        var email = Assert.Single(board!.Channels);
        Assert.Equal((1, 1, 0, 1), (email.Open, email.Unanswered, email.AtRisk, email.Breached));
        Assert.Equal(id, Assert.Single(board.Conversations).Id);
    }

    [Fact]
    public async Task AMissingAnswerOnASiblingSurfacesAtTheSiblingsResponseDueTime()
    {
        using var lead = await _server.CreateAndLoginAsync("lea", "lead");
        await using var hub = await lead.ConnectHubAsync();
        var flags = new ConcurrentQueue<Inbox.Core.Consistency.FlagView>();
        hub.On<Inbox.Core.Consistency.FlagView>("FlagChanged", flags.Enqueue);
        var answered = await PostCustomerEmail("marie@example.fr");
        _clock.Advance(TimeSpan.FromMinutes(5));
        using (var r = await _server.PostEmailAsync(Mail.Mime("marie.dupont@work.example", "Commande 4471", "Toujours rien pour la commande 4471.", date: _clock.GetUtcNow())))
            r.EnsureSuccessStatusCode();
        await Wait.UntilAsync(() => Query<long>("SELECT COUNT(*) FROM conversation_timers") == 2, what: "two running timers");
        var sibling = Query<long>($"SELECT conversation_id FROM conversation_timers WHERE conversation_id <> {answered}");
        using (var c = _server.Get<Db>().Open())
        {
            // The two conversations are one request (linked as the duplicate detector would).
            c.Execute("INSERT INTO duplicate_links (conversation_a, conversation_b, score, evidence, created_at) VALUES (@a, @b, 3, 'same order 4471', 0)",
                new { a = Math.Min(answered, sibling), b = Math.Max(answered, sibling) });
            Inbox.Core.Duplicates.Clusters.Recompute(c, null, answered, sibling);
        }

        (await lead.Http.PostAsJsonAsync($"/api/conversations/{answered}/replies", new { text = "Votre commande 4471 part demain." })).EnsureSuccessStatusCode();
        var due = Query<long>($"SELECT due_at FROM consistency_flags WHERE kind = 'missing_answer' AND conversation_b = {sibling}");
        Assert.Equal(Query<long>($"SELECT due_at FROM conversation_timers WHERE conversation_id = {sibling}"), due);
        await Task.Delay(300);
        Assert.Empty(flags);
        Assert.Empty((await lead.Http.GetFromJsonAsync<List<Inbox.Core.Consistency.FlagView>>("/api/consistency/flags?kind=missing_answer"))!);

        // The sibling's own deadline (60 min) passes unanswered: now its answer is missing.
        _clock.Advance(TimeSpan.FromMinutes(61));
        await Wait.UntilAsync(() => flags.Any(f => f.Kind == "missing_answer" && f.ConversationB == sibling), what: "the missing-answer flag pushed at the due time");
        var listed = await lead.Http.GetFromJsonAsync<List<Inbox.Core.Consistency.FlagView>>("/api/consistency/flags?kind=missing_answer");
        Assert.Equal(sibling, Assert.Single(listed!).ConversationB);
    }

    [Fact]
    public async Task AnAnswerStopsTheTimerAndIsMeasured()
    {
        using var lead = await _server.CreateAndLoginAsync("lea", "lead");
        var (hub, alerts) = await LeadHub(lead);
        await using var _ = hub;
        var id = await PostCustomerEmail();

        _clock.Advance(TimeSpan.FromMinutes(10));
        var reply = await lead.Http.PostAsJsonAsync($"/api/conversations/{id}/replies", new { text = "Nous regardons votre commande 4471." });
        reply.EnsureSuccessStatusCode();
        Assert.Equal(0, Query<long>("SELECT COUNT(*) FROM conversation_timers"));
        _clock.Advance(TimeSpan.FromHours(2));
        await Task.Delay(300);
        Assert.Empty(alerts);

        var metrics = await lead.Http.GetFromJsonAsync<MetricsReport>(
            $"/api/metrics?from={_clock.GetUtcNow().AddDays(-1).ToUnixTimeMilliseconds()}&to={_clock.GetUtcNow().ToUnixTimeMilliseconds()}");
        Assert.Equal(1, metrics!.Overall.Answered);
        Assert.Equal(600_000, metrics.Overall.FirstResponse.MedianMs);
        Assert.Equal(1.0, metrics.Overall.WithinPolicy);
        Assert.Equal("email", Assert.Single(metrics.ByChannel).Key);
    }

    [Fact]
    public async Task PendingHoldsTheClockUntilTheConversationReopens()
    {
        using var lead = await _server.CreateAndLoginAsync("lea", "lead");
        var id = await PostCustomerEmail();
        var due = Query<long>("SELECT due_at FROM conversation_timers");

        _clock.Advance(TimeSpan.FromMinutes(20));
        (await lead.Http.PostAsJsonAsync($"/api/conversations/{id}/status", new { status = "pending" })).EnsureSuccessStatusCode();
        _clock.Advance(TimeSpan.FromHours(3));
        Assert.Equal(0, Query<long>("SELECT COUNT(*) FROM sla_alerts"));
        (await lead.Http.PostAsJsonAsync($"/api/conversations/{id}/status", new { status = "open" })).EnsureSuccessStatusCode();

        Assert.Equal(due + 3 * 3_600_000, Query<long>("SELECT due_at FROM conversation_timers"));
    }

    [Fact]
    public async Task ABreachMissedWhileTheAppWasDownIsRaisedExactlyOnce()
    {
        await PostCustomerEmail();
        await StopKeepingTheDatabase();
        _clock.Advance(TimeSpan.FromHours(2));

        _server = await Start();
        await Wait.UntilAsync(() => Query<long>("SELECT COUNT(*) FROM sla_alerts") == 1, what: "the missed breach");
        using (var lead = await _server.CreateAndLoginAsync("lea", "lead"))
        {
            var (hub, alerts) = await LeadHub(lead);
            await using var _ = hub;
            var board = await lead.Http.GetFromJsonAsync<BoardSnapshot>("/api/board");
            Assert.Equal("breached", Assert.Single(board!.Alerts).Level);
            _clock.Advance(TimeSpan.FromHours(1));
            await Task.Delay(300);
            Assert.Empty(alerts);
        }

        // A second restart finds the breach already notified.
        await StopKeepingTheDatabase();
        _server = await Start();
        using (var lead = await _server.LoginAsync("lea", "password-lea"))
        {
            var (hub, alerts) = await LeadHub(lead);
            await using var _ = hub;
            _clock.Advance(TimeSpan.FromMinutes(5));
            await Task.Delay(500);
            Assert.Empty(alerts);
        }
        Assert.Equal(1, Query<long>("SELECT COUNT(*) FROM sla_alerts"));
        Assert.Equal("breached", Query<string>("SELECT notified FROM conversation_timers"));
    }

    [Fact]
    public async Task OnlyLeadsSeeTheBoardAndOnlyAdminsChangePoliciesWhichAreValidatedAndAudited()
    {
        using var agent = await _server.CreateAndLoginAsync("bob", "agent");
        using var lead = await _server.CreateAndLoginAsync("lea", "lead");
        using var admin = await _server.LoginAsync();
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, (await agent.Http.GetAsync("/api/board")).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, (await agent.Http.GetAsync("/api/metrics")).StatusCode);
        var settings = (await lead.Http.GetFromJsonAsync<SlaSettings>("/api/sla"))!;
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, (await lead.Http.PutAsJsonAsync("/api/admin/sla", settings)).StatusCode);

        var bad = await admin.Http.PutAsJsonAsync("/api/admin/sla", settings with { TimeZone = "Mars/Olympus" });
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("Mars/Olympus", await bad.Content.ReadAsStringAsync());

        // A tighter policy for public X posts, business hours on email, and a holiday.
        var changed = settings with
        {
            Policies = [.. settings.Policies, new SlaPolicy { Channel = "x", IsPublic = true, FirstResponseMinutes = 30, NextResponseMinutes = 30 }],
            Holidays = [new Holiday { Day = "2026-12-25", Name = "Noël" }],
        };
        (await admin.Http.PutAsJsonAsync("/api/admin/sla", changed)).EnsureSuccessStatusCode();
        var saved = (await lead.Http.GetFromJsonAsync<SlaSettings>("/api/sla"))!;
        Assert.Equal(30, saved.Policies.Single(p => p.Channel == "x" && p.IsPublic).FirstResponseMinutes);
        Assert.Equal("Noël", Assert.Single(saved.Holidays).Name);
        Assert.Equal(2, Query<long>("SELECT COUNT(*) FROM audit_log WHERE action = 'sla.update'"));
    }
}
