using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Inbox.Core.Intake;
using Inbox.Core.Replay;
using Inbox.Web;
using Inbox.Web.Inbound;
using Inbox.Web.Sandbox;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Inbox.Cli;

/// <summary>
/// `inbox eval SCENARIO.jsonl GOLD.json [--out FILE] [--direct] [--keep DIR] [--explain N [--scores FILE]]`: replays a scenario into a fresh instance
/// (temporary database, 127.0.0.1, random port) through the real channel paths, takes the export, and only
/// then reads the gold file and prints pairwise precision, recall and F1. Events of a channel that has no
/// receiving path in this build are fed to the intake queue as their normalizer would produce them
/// (ScenarioMessages); the count is printed. --direct feeds every inbound event that way (tuning).
/// </summary>
public static class EvalCommand
{
    public static async Task<int> RunAsync(CliArgs a)
    {
        if (a.Positional.Count != 2) { Console.Error.WriteLine("eval: give SCENARIO.jsonl and GOLD.json"); return 2; }
        var (scenarioPath, goldPath) = (a.Positional[0], a.Positional[1]);
        var events = Scenario.Load(scenarioPath);
        var explain = int.TryParse(a.Get("explain"), out var n) ? n : a.Flag("explain") ? 20 : 0;
        var keep = a.Get("keep") ?? (explain > 0 ? Path.Combine(Path.GetTempPath(), "inbox-eval-" + Guid.NewGuid().ToString("N")[..12]) : null);
        var export = await ReplayAndExportAsync(events, a.Flag("direct"), Console.Error.WriteLine, keep);

        if (a.Get("out") is { } outPath) await File.WriteAllTextAsync(outPath, export.Json);
        // The gold file is read only now, after the replay has finished and the export has been taken.
        var gold = ScenarioGold.Load(goldPath);
        var duplicates = ScenarioGold.Score(export.DuplicatePairs, gold.DuplicatePairs());
        var divergence = ScenarioGold.Score(export.DivergentPairs, gold.DivergentPairs.Select(p => ScenarioGold.Key(p[0], p[1])));
        Console.WriteLine($"duplicate pairs:  {duplicates}");
        Console.WriteLine($"divergent pairs:  {divergence}");
        Console.WriteLine($"consistent pairs wrongly flagged: {gold.ConsistentFlagged(export.DivergentPairs):P1} of {gold.ConsistentPairs.Count}");
        if (explain > 0)
        {
            EvalExplain.Print(Path.Combine(keep!, "inbox.db"), gold, export.DuplicatePairs, events, explain, a.Get("scores"));
            if (a.Get("keep") is null) Directory.Delete(keep!, true);
        }
        return 0;
    }

    private const string PageId = "100000000000001", InstagramId = "17800000000000001", WhatsAppId = "106540352242922", XUserId = "1000000000000000001";

    public sealed record Export(string Json, IReadOnlyList<string[]> DuplicatePairs, IReadOnlyList<string[]> DivergentPairs);

    /// <summary>Starts a fresh instance, replays the events, waits for the intake to drain and returns GET /api/consistency/export.</summary>
    public static async Task<Export> ReplayAndExportAsync(IReadOnlyList<ScenarioEvent> events, bool direct, Action<string>? progress = null, string? keepDir = null)
    {
        var dir = keepDir ?? Path.Combine(Path.GetTempPath(), "inbox-eval-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(dir);
        static string Secret() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var (password, inbound, meta, x) = (Secret(), Secret(), Secret(), Secret());
        // Meta's Graph API and X's API are played by the local sandbox: profile lookups and replies go there.
        await using var sandbox = await PlatformSandbox.StartAsync();
        var settings = new Dictionary<string, string?>
        {
            ["Inbox:Database"] = Path.Combine(dir, "inbox.db"),
            ["Inbox:InboundEmailSecret"] = inbound,
            ["Inbox:AdminUsername"] = "eval",
            ["Inbox:AdminPassword"] = password,
            ["Inbox:SecureCookies"] = "false",
            ["Inbox:AllowClientTimestamps"] = "true",
            ["Inbox:Meta:AppSecret"] = meta,
            ["Inbox:X:ConsumerSecret"] = x,
            // The brand accounts replay speaks for (the same ids are passed to the replay channels below).
            ["Inbox:Meta:Pages:0:Id"] = PageId, ["Inbox:Meta:Pages:0:Token"] = "eval-page-token",
            ["Inbox:Meta:Instagram:0:Id"] = InstagramId, ["Inbox:Meta:Instagram:0:Token"] = "eval-ig-token",
            ["Inbox:Meta:WhatsApp:0:PhoneNumberId"] = WhatsAppId, ["Inbox:Meta:WhatsApp:0:Token"] = "eval-wa-token",
            ["Inbox:X:Accounts:0:UserId"] = XUserId, ["Inbox:X:Accounts:0:Token"] = "eval-x-token",
            ["Inbox:X:Accounts:0:Handle"] = "support",
            // Like any brand on WhatsApp, the evaluated one has an approved follow-up template: answers given
            // after the 24-hour window go out through it instead of being refused.
            ["Inbox:Meta:WhatsAppFollowUpTemplate:Name"] = "support_follow_up",
            ["Inbox:Meta:GraphBaseUrl"] = sandbox.Url,
            ["Inbox:X:ApiBaseUrl"] = sandbox.Url,
        };
        var app = InboxApp.Build(["--urls", "http://127.0.0.1:0"], b =>
        {
            b.Configuration.AddInMemoryCollection(settings);
            b.Logging.ClearProviders().AddConsole().SetMinimumLevel(LogLevel.Warning);
        });
        await app.StartAsync();
        try
        {
            using var http = new HttpClient(new HttpClientHandler { UseCookies = true }) { BaseAddress = new Uri(app.Urls.First()), Timeout = TimeSpan.FromSeconds(120) };
            await ScenarioReplayer.LoginAsync(http, "eval", password);
            var replayArgs = CliArgs.Parse(["--secret", inbound, "--meta-secret", meta, "--x-secret", x,
                "--page", PageId, "--instagram", InstagramId, "--whatsapp", WhatsAppId, "--x-user", XUserId, "--x-handle", "support"]);
            var channels = direct ? [] : ReplayChannels.For(http, replayArgs, sandbox);
            var fallback = new InProcessChannel(app.Services.GetRequiredService<RawEventStore>(), app.Services.GetRequiredService<IntakeQueue>(), channels);
            var summary = await new ScenarioReplayer(http, [.. channels, fallback], TimeProvider.System)
                .RunAsync(events, new ReplayOptions { Max = true }, progress);
            await ScenarioReplayer.WaitForIntakeAsync(http, TimeSpan.FromMinutes(10));
            progress?.Invoke($"replayed {summary.Inbound} inbound ({fallback.Fed} fed in-process: {string.Join(", ", fallback.Channels)}), " +
                $"{summary.Answers} answers, {summary.Skipped} skipped, {summary.Errors.Count} errors");
            foreach (var e in summary.Errors.Take(10)) progress?.Invoke("  " + e);
            var json = await http.GetStringAsync("/api/consistency/export");
            using var doc = JsonDocument.Parse(json);
            IReadOnlyList<string[]> Pairs(string name) => doc.RootElement.TryGetProperty(name, out var p)
                ? p.EnumerateArray().Select(x => x.EnumerateArray().Select(v => v.GetString()!).ToArray()).ToList() : [];
            return new Export(json, Pairs("duplicate_pairs"), Pairs("divergent_pairs"));
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (keepDir is null) try { Directory.Delete(dir, true); } catch (IOException) { }
        }
    }

    /// <summary>Inbound events no real channel path handles: stored raw and queued as their normalizer would parse them.</summary>
    private sealed class InProcessChannel(RawEventStore raw, IntakeQueue queue, IReadOnlyList<IScenarioChannel> real) : IScenarioChannel
    {
        public int Fed { get; private set; }
        public SortedSet<string> Channels { get; } = [];

        public bool Handles(ScenarioEvent e) => !real.Any(c => c.Handles(e));

        public Task SendAsync(ScenarioEvent e, DateTimeOffset at, CancellationToken ct)
        {
            var body = JsonSerializer.SerializeToUtf8Bytes(e, Scenario.Json);
            var (rawId, duplicate) = raw.Store("scenario", "application/json", new Dictionary<string, string>(), body, e.Id);
            if (!duplicate) queue.Enqueue(rawId, NormalizeResult.Of(ScenarioMessages.ToMessage(e, at)));
            Fed++;
            Channels.Add(e.Channel);
            return Task.CompletedTask;
        }
    }
}
