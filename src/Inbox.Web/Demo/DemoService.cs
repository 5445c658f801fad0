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
    IConfiguration config, IEnumerable<IDemoChannelFactory> channelFactories, ILogger<DemoService> log) : BackgroundService
{
    public const string Password = "demo-inbox-2026";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource();
        using var _ = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        await started.Task.WaitAsync(stoppingToken);

        foreach (var (user, name, role) in new[] { ("demo", "Demo Admin", Roles.Admin), ("lead", "Léa Lead", Roles.Lead), ("agent", "Alex Agent", Roles.Agent) })
            if (!agents.List().Any(a => a.Username == user)) agents.Create(user, name, Password, role);

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
        var channels = new List<IScenarioChannel> { new EmailScenarioChannel(http, options.Value.InboundEmailSecret!) };
        channels.AddRange(channelFactories.SelectMany(f => f.Create(http)));
        var replayer = new ScenarioReplayer(http, channels, TimeProvider.System);
        var summary = await replayer.RunAsync(Scenario.Load(file), new ReplayOptions { Speed = speed, ShiftToNow = true },
            p => log.LogInformation("Demo replay: {Progress}", p), stoppingToken);
        log.LogInformation("Demo replay finished: {Inbound} messages, {Answers} answers, {Skipped} skipped, {Errors} errors",
            summary.Inbound, summary.Answers, summary.Skipped, summary.Errors.Count);
        foreach (var e in summary.Errors.Take(10)) log.LogWarning("Demo replay error: {Error}", e);
    }
}

/// <summary>Lets a channel feature add its own replay path (signed webhooks) to the demo.</summary>
public interface IDemoChannelFactory
{
    IEnumerable<IScenarioChannel> Create(HttpClient server);
}
