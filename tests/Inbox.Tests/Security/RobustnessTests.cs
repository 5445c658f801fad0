using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Inbox.Core.Channels.Social;
using Inbox.Tests.Support;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Inbox.Tests.Security;

/// <summary>
/// Thousands of malformed, truncated, oversized and random payloads against every webhook and inbound endpoint,
/// signed and unsigned: never a 5xx, never an error in the log, nothing stored from an unsigned request, and the
/// server still works afterwards. Deterministic (fixed seed) and bounded (fixed count, test timeout).
/// </summary>
public sealed class RobustnessTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Seed = 20261123;
    private const string MetaSecret = "robust-meta-secret", XSecret = "robust-x-secret";
    private const int MaxBody = 128 * 1024;

    /// <summary>
    /// One line per receiving endpoint: its path, content type, and how to sign a body validly or invalidly.
    /// A channel that adds a webhook adds its line here (e.g. Meta's X-Hub-Signature-256 HMAC, X's CRC/HMAC header).
    /// </summary>
    private sealed record Target(string Name, string Path, string ContentType, Action<HttpRequestMessage, byte[], bool> Sign);

    private static readonly Target[] Targets =
    [
        new("email", "/inbound/email", "message/rfc822",
            (req, _, valid) => req.Headers.Add("X-Inbox-Secret", valid ? InboxServer.InboundSecret : "wrong-" + InboxServer.InboundSecret)),
        new("meta", "/webhooks/meta", "application/json",
            (req, body, valid) => req.Headers.Add("X-Hub-Signature-256", WebhookSignature.MetaSign(valid ? MetaSecret : "wrong", body))),
        new("x", "/webhooks/x", "application/json",
            (req, body, valid) => req.Headers.Add("x-twitter-webhooks-signature", WebhookSignature.XSign(valid ? XSecret : "wrong", body))),
    ];

    /// <summary>At least 2,000 payloads in all, and at least 1,000 on each endpoint.</summary>
    private static readonly int PayloadsPerEndpoint = Math.Max(1_000, 2_000 / Targets.Length);

    private readonly LogCapture _logs = new();
    private InboxServer _server = null!;

    public async Task InitializeAsync() => _server = await InboxServer.StartAsync(
        new Dictionary<string, string?>
        {
            ["Inbox:MaxInboundBytes"] = MaxBody.ToString(),
            ["Inbox:Meta:AppSecret"] = MetaSecret,
            ["Inbox:X:ConsumerSecret"] = XSecret,
        },
        configure: b => b.Logging.AddProvider(_logs));

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact(Timeout = 600_000)]
    public async Task Garbage_on_every_endpoint_never_breaks_the_server_and_unsigned_garbage_is_never_stored()
    {
        var random = new Random(Seed);
        var samples = Samples();
        var storedBySigned = new HashSet<long>();
        var statuses = new Dictionary<int, int>();
        using var http = new HttpClient { BaseAddress = new Uri(_server.Url) };
        var sent = 0;

        foreach (var target in Targets)
        {
            for (var i = 0; i < PayloadsPerEndpoint; i++)
            {
                var body = Payload(random, samples, i);
                var signed = i % 2 == 0;
                using var req = new HttpRequestMessage(HttpMethod.Post, target.Path) { Content = new ByteArrayContent(body) };
                req.Content.Headers.TryAddWithoutValidation("Content-Type", random.Next(10) == 0 ? "application/x-garbage; charset=nonsense;;=" : target.ContentType);
                target.Sign(req, body, signed);
                HttpResponseMessage res;
                try { res = await http.SendAsync(req); }
                catch (HttpRequestException e) { throw new Xunit.Sdk.XunitException($"{target.Name} #{i} ({body.Length} bytes, signed={signed}): {e.Message} {e.InnerException?.Message}; log: {string.Join(" | ", _logs.Entries.Where(l => l.Level >= LogLevel.Warning).TakeLast(3).Select(l => l.Message + " " + l.Exception))}"); }
                using var _ = res;
                var code = (int)res.StatusCode;
                statuses[code] = statuses.GetValueOrDefault(code) + 1;
                sent++;
                Assert.True(code < 500, $"{target.Name} #{i} ({body.Length} bytes, signed={signed}) answered {code}");
                if (!signed)
                {
                    Assert.True(res.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.RequestEntityTooLarge,
                        $"unsigned {target.Name} #{i} answered {code}");
                    continue;
                }
                if (body.Length > MaxBody) Assert.Equal(HttpStatusCode.RequestEntityTooLarge, res.StatusCode);
                if (RawId(await res.Content.ReadAsStringAsync()) is { } rawId) storedBySigned.Add(rawId);
            }
        }

        output.WriteLine($"{sent} payloads; answers {Describe(statuses)}; {storedBySigned.Count} raw events kept from signed requests");
        Assert.True(sent >= 2_000);
        Assert.True(statuses.GetValueOrDefault(413) > 0 && statuses.GetValueOrDefault(401) > 0, Describe(statuses));
        // Everything stored came from a signed request; unsigned requests stored nothing.
        Assert.Equal(storedBySigned.Count, _server.Count("raw_events"));
        Assert.Equal(storedBySigned.Order(), _server.Scalar<string>("SELECT group_concat(id) FROM (SELECT id FROM raw_events ORDER BY id)").Split(',').Select(long.Parse));

        // The intake worker chews through what was kept, then the server still answers normally.
        using var admin = await _server.LoginAsync();
        await Wait.UntilAsync(() => admin.Http.GetFromJsonAsync<JsonElement>("/api/admin/intake").Result.GetProperty("pending").GetInt64() == 0,
            TimeSpan.FromMinutes(3), "intake drained");
        var convId = await _server.ReceiveEmailAsync("after.storm@customer.test", "Still there?", "A normal question after the storm.");
        Assert.Equal(HttpStatusCode.OK, (await admin.Http.GetAsync($"/api/conversations/{convId}")).StatusCode);

        var errors = _logs.Entries.Where(e => e.Level >= LogLevel.Error || (e.Exception is not null && e.Level >= LogLevel.Warning && e.Exception is not Core.Intake.PayloadException)).ToList();
        Assert.True(errors.Count == 0, "logged: " + string.Join("\n", errors.Take(5).Select(e => $"{e.Level} {e.Category}: {e.Message} {e.Exception}")));
    }

    private static string Describe(Dictionary<int, int> statuses) => string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}: {s.Value}"));

    private static long? RawId(string json)
    {
        try { return JsonDocument.Parse(json).RootElement.TryGetProperty("rawId", out var id) && id.ValueKind == JsonValueKind.Number ? id.GetInt64() : null; }
        catch (JsonException) { return null; }
    }

    /// <summary>Realistic payloads to cut and corrupt: the shared fixtures when present, plus a generated mail.</summary>
    private static List<byte[]> Samples()
    {
        var samples = new List<byte[]> { Mail.Mime("Sam <sam@customer.test>", "Order 77", "Where is order 77?\r\n-- \r\nSam") };
        var fixtures = Path.Combine(Paths.Shared, "fixtures");
        if (Directory.Exists(fixtures))
            samples.AddRange(Directory.EnumerateFiles(fixtures, "*", SearchOption.AllDirectories)
                .Where(f => new FileInfo(f).Length is > 0 and < 64 * 1024).Order().Take(40).Select(File.ReadAllBytes));
        return samples;
    }

    /// <summary>The i-th payload: a rotation of kinds, each filled from the seeded random source.</summary>
    private static byte[] Payload(Random random, List<byte[]> samples, int i)
    {
        var sample = samples[random.Next(samples.Count)];
        switch (i % 10)
        {
            case 0: return [];
            case 1: return Bytes(random, random.Next(1, 4096));                                    // random bytes
            case 2: return sample[..random.Next(0, sample.Length)];                                  // truncated
            case 3:                                                                                  // bit flips
                var flipped = (byte[])sample.Clone();
                for (var k = 0; k < 1 + flipped.Length / 50; k++) flipped[random.Next(flipped.Length)] = (byte)random.Next(256);
                return flipped;
            case 4: return Encoding.UTF8.GetBytes("From: " + new string('a', random.Next(1000, 70_000)) + "\r\n\r\nbody"); // huge header
            case 5: return i % 40 == 5 ? Bytes(random, MaxBody + 1 + random.Next(4096)) : Bytes(random, 10); // oversized (bounded count)
            case 6: return Encoding.UTF8.GetBytes("Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n" + string.Concat(Enumerable.Repeat("--b\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\n", random.Next(1, 500))));
            case 7: return Encoding.UTF8.GetBytes("{\"object\":\"page\",\"entry\":[{\"messaging\":[" + new string('[', random.Next(1, 2000)) + "]}");
            case 8: return [0xEF, 0xBB, 0xBF, .. Bytes(random, 200), .. "\r\n\r\n"u8.ToArray(), 0xC3, 0x28, 0xFF, 0xFE];   // BOM + invalid UTF-8
            default:                                                                                 // headers only, odd encodings
                return Encoding.ASCII.GetBytes($"Message-ID: <{random.Next()}@x>\r\nContent-Transfer-Encoding: base64\r\nSubject: =?utf-8?B?{new string('!', random.Next(1, 300))}?=\r\n\r\n%%%not-base64%%%");
        }
    }

    private static byte[] Bytes(Random random, int n)
    {
        var b = new byte[n];
        random.NextBytes(b);
        return b;
    }
}
