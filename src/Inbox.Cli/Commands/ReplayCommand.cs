using Inbox.Core.Replay;

namespace Inbox.Cli;

/// <summary>`inbox replay FILE --server URL`: sends a scenario through a running server's real channel paths.</summary>
public static class ReplayCommand
{
    public static async Task<int> RunAsync(CliArgs a)
    {
        if (a.Positional.Count != 1) { Console.Error.WriteLine("replay: give one scenario file"); return 2; }
        var server = new Uri(a.Require("server"));
        using var http = new HttpClient(new HttpClientHandler { UseCookies = true }) { BaseAddress = server, Timeout = TimeSpan.FromSeconds(60) };
        await ScenarioReplayer.LoginAsync(http, a.Require("user", "INBOX_USER"), a.Require("password", "INBOX_PASSWORD"));
        var channels = ReplayChannels.For(http, a);
        var options = new ReplayOptions { Max = a.Flag("max"), Speed = double.Parse(a.Get("speed") ?? "1", System.Globalization.CultureInfo.InvariantCulture) };
        var events = Scenario.Load(a.Positional[0]);
        var summary = await new ScenarioReplayer(http, channels, TimeProvider.System).RunAsync(events, options, p => Console.Error.WriteLine(p));
        await ScenarioReplayer.WaitForIntakeAsync(http, TimeSpan.FromMinutes(5));
        Console.WriteLine($"replayed {summary.Inbound} inbound, {summary.Answers} answers, {summary.Skipped} skipped, {summary.Errors.Count} errors");
        foreach (var e in summary.Errors.Take(20)) Console.Error.WriteLine("  " + e);
        return summary.Errors.Count == 0 ? 0 : 1;
    }
}

/// <summary>The inbound paths replay can use; channel features add theirs here.</summary>
public static class ReplayChannels
{
    /// <param name="profiles">A Graph sandbox to tell the customers' names (eval), so the server's profile lookup finds them.</param>
    public static List<IScenarioChannel> For(HttpClient http, CliArgs a, Inbox.Core.Customers.IProfileDirectory? profiles = null) =>
    [
        // Email goes through real SMTP to the support mailbox when mail servers are given (--smtp host:port
        // or INBOX_SMTP; --mailbox or INBOX_MAILBOX names the address), else through POST /inbound/email.
        a.Get("smtp", "INBOX_SMTP") is { Length: > 0 } smtp
            ? SmtpScenarioChannel.Parse(smtp, a.Get("mailbox", "INBOX_MAILBOX") ?? "support@example.test")
            : new EmailScenarioChannel(http, a.Require("secret", "INBOX_INBOUND_SECRET")),
        // Signed Meta and X webhooks; each family is replayed only when its secret is given.
        new Inbox.Core.Channels.Social.SocialScenarioChannel(http, new(
            a.Get("meta-secret", "INBOX_META_APP_SECRET"), a.Get("page", "INBOX_META_PAGE_ID") ?? "100000000000001",
            a.Get("instagram", "INBOX_META_INSTAGRAM_ID") ?? "17800000000000001", a.Get("whatsapp", "INBOX_META_WHATSAPP_ID") ?? "106540352242922",
            a.Get("x-secret", "INBOX_X_CONSUMER_SECRET"), a.Get("x-user", "INBOX_X_USER_ID") ?? "1000000000000000001",
            a.Get("x-handle", "INBOX_X_HANDLE") ?? "support"), profiles),
        // The web chat's visitor path (POST /chat/session, /chat/messages): no secret, as a visitor's page has none.
        new WebChatScenarioChannel(http),
    ];
}
