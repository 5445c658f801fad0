using Inbox.Core.SavedReplies;
using Inbox.Core.Agents;
using Inbox.Core.Model;
using Inbox.Core.Replay;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace Inbox.Web.Demo;

/// <summary>
/// `--demo`: creates demo accounts and replays Demo/demo.jsonl through the server's own public endpoints,
/// time-compressed, so a newcomer watches the inbox fill up live.
/// </summary>
public sealed class DemoService(
    IServer server, IHostApplicationLifetime lifetime, AgentStore agents, IOptions<InboxOptions> options,
    IConfiguration config, IEnumerable<IDemoChannelFactory> channelFactories, SavedReplyStore savedReplies, Signatures signatures, ILogger<DemoService> log) : BackgroundService
{
    public const string Password = "demo-inbox-2026";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource();
        using var _ = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        await started.Task.WaitAsync(stoppingToken);

        foreach (var (user, name, role) in new[] { ("demo", "Demo Admin", Roles.Admin), ("lead", "Léa Lead", Roles.Lead), ("agent", "Alex Agent", Roles.Agent) })
            if (!agents.List().Any(a => a.Username == user))
                signatures.Set(agents.Create(user, name, Password, role).Id, $"{name}\nService client · Maison Demo"); // under their email replies
        if (savedReplies.List().Count == 0)
        {
            var lead = agents.List().First(a => a.Username == "lead").Id;
            // The refund delays are the team's reference answers: a draft that promises another delay is warned. They also
            // tag the conversation "refund" and leave it waiting for the customer (a macro); the late-parcel ones tag it "delivery".
            foreach (var (title, language, body, reference) in DemoSavedReplies)
                savedReplies.Create(new(title, body, language, reference,
                    AddTags: reference ? ["refund"] : title is "Colis en retard" or "Late parcel" ? ["delivery"] : null,
                    ThenStatus: reference ? "pending" : null), lead);
        }

        var url = server.Features.Get<IServerAddressesFeature>()!.Addresses.First()
            .Replace("0.0.0.0", "127.0.0.1").Replace("[::]", "127.0.0.1").Replace("+", "127.0.0.1").Replace("*", "127.0.0.1");
        var file = Path.Combine(AppContext.BaseDirectory, "Demo", "demo.jsonl");
        var speed = config.GetValue("Inbox:DemoSpeed", 2000.0);
        Console.WriteLine($"""

            ── Inbox demo ─────────────────────────────────────────
              Open {url}  and log in as  demo / {Password}
              (also: lead / {Password}, agent / {Password})
              Replaying {Path.GetFileName(file)} at {speed}× speed…
            ───────────────────────────────────────────────────────

            """);

        using var http = new HttpClient(new HttpClientHandler { UseCookies = true }) { BaseAddress = new Uri(url) };
        await ScenarioReplayer.LoginAsync(http, "demo", Password, stoppingToken);
        var channels = new List<IScenarioChannel> { new EmailScenarioChannel(http, options.Value.InboundEmailSecret!), new WebChatScenarioChannel(http) };
        channels.AddRange(channelFactories.SelectMany(f => f.Create(http)));
        var replayer = new ScenarioReplayer(http, channels, TimeProvider.System);
        var summary = await replayer.RunAsync(Scenario.Load(file), new ReplayOptions { Speed = speed, ShiftToNow = true },
            p => log.LogInformation("Demo replay: {Progress}", p), stoppingToken);
        log.LogInformation("Demo replay finished: {Inbound} messages, {Answers} answers, {Skipped} skipped, {Errors} errors",
            summary.Inbound, summary.Answers, summary.Skipped, summary.Errors.Count);
        foreach (var e in summary.Errors.Take(10)) log.LogWarning("Demo replay error: {Error}", e);
    }

    /// <summary>A few answers of the demo brand, so the saved-reply picker (s) has something to insert; the refund delays are reference answers (and macros).</summary>
    private static readonly (string Title, string Language, string Body, bool Reference)[] DemoSavedReplies =
    [
        ("Remboursement : délai", "fr", "Bonjour {first_name},\n\nVotre remboursement est lancé : il apparaîtra sur votre compte sous 5 jours ouvrés.\n\nBien cordialement,\n{agent_name}, service client Maison", true),
        ("Refund: when it arrives", "en", "Hello {first_name},\n\nYour refund is on its way: it will show on your account within 5 working days.\n\nKind regards,\n{agent_name}, Maison customer care", true),
        ("Colis en retard", "fr", "Bonjour {first_name},\n\nNous avons relancé le transporteur : si votre colis n'est pas livré sous 48 heures, nous vous le renvoyons sans frais.\n\n{agent_name}, service client Maison", false),
        ("Late parcel", "en", "Hello {first_name},\n\nWe have chased the carrier: if your parcel is not delivered within 48 hours, we will send a new one free of charge.\n\n{agent_name}, Maison customer care", false),
        ("Carte bloquée", "fr", "Bonjour {first_name},\n\nPar sécurité, ne partagez jamais votre code. Nous avons demandé le déblocage de votre carte : il prend effet sous 24 heures.\n\n{agent_name}, service client Maison", false),
        ("Blocked card", "en", "Hello {first_name},\n\nFor your security, never share your PIN. We have asked for your card to be unblocked: this takes effect within 24 hours.\n\n{agent_name}, Maison customer care", false),
    ];
}

/// <summary>Lets a channel feature add its own replay path (signed webhooks) to the demo.</summary>
public interface IDemoChannelFactory
{
    IEnumerable<IScenarioChannel> Create(HttpClient server);
}
