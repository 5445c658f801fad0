using System.Security.Cryptography;
using Inbox.Core.Channels.Meta;
using Inbox.Core.Channels.Social;
using Inbox.Core.Channels.X;
using Inbox.Core.Intake;
using Inbox.Core.Model;
using Inbox.Core.Outbox;
using Inbox.Core.Replay;
using Inbox.Core.Storage;
using Inbox.Web.Channels.Meta;
using Inbox.Web.Channels.X;
using Inbox.Web.Demo;
using Inbox.Web.Sandbox;

namespace Inbox.Web.Channels;

/// <summary>Messenger, Instagram, WhatsApp and X: options, parsers, senders, webhooks, and the demo's local API sandbox.</summary>
public static class SocialChannels
{
    public static void AddSocialChannels(this WebApplicationBuilder builder)
    {
        var config = builder.Configuration;
        var meta = config.GetSection("Inbox:Meta").Get<MetaOptions>() ?? new MetaOptions();
        var x = config.GetSection("Inbox:X").Get<XOptions>() ?? new XOptions();
        var demo = config.GetValue<bool>("Inbox:Demo");
        if (demo) DemoDefaults(meta, x);
        var s = builder.Services;
        s.AddSingleton(meta);
        s.AddSingleton(x);
        s.AddHttpClient(PlatformCall.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(30));
        s.AddSingleton<IChannelNormalizer, MetaNormalizer>();
        s.AddSingleton<IChannelNormalizer, XNormalizer>();
        s.AddSingleton<Inbox.Core.Customers.IProfileLookup, MetaProfileLookup>();
        s.AddSingleton<IChannelSender>(p => new MessengerSender(ChannelName.Messenger, p.GetRequiredService<IHttpClientFactory>(), meta, p.GetRequiredService<Db>(), p.GetRequiredService<TimeProvider>()));
        s.AddSingleton<IChannelSender>(p => new MessengerSender(ChannelName.Instagram, p.GetRequiredService<IHttpClientFactory>(), meta, p.GetRequiredService<Db>(), p.GetRequiredService<TimeProvider>()));
        s.AddSingleton<IChannelSender, WhatsAppSender>();
        s.AddSingleton<IChannelSender, XSender>();
        s.AddSingleton<IDemoChannelFactory, SocialDemoChannels>();
        // Media sent by reference (WhatsApp ids, Messenger and Instagram CDN URLs) is downloaded after intake.
        s.AddHttpClient(MediaFetcher.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(60))
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false });
        s.AddSingleton(p => new MediaFetcher(p.GetRequiredService<Db>(), meta, p.GetRequiredService<IHttpClientFactory>(),
            p.GetRequiredService<Inbox.Core.Realtime.IBroadcaster>(), p.GetRequiredService<ILogger<MediaFetcher>>(),
            p.GetRequiredService<Microsoft.Extensions.Options.IOptions<InboxOptions>>().Value.MaxInboundBytes));
        s.AddHostedService<Background.MediaWorker>();
        // The demo cannot reach Meta or X: unless real base URLs are configured, replies go to the local sandbox.
        if (demo && config["Inbox:Meta:GraphBaseUrl"] is null && config["Inbox:X:ApiBaseUrl"] is null)
            s.AddSingleton<DemoSandboxService>().AddHostedService(p => p.GetRequiredService<DemoSandboxService>());
    }

    public static void MapSocialChannels(this IEndpointRouteBuilder app)
    {
        app.MapMetaWebhook();
        app.MapXWebhook();
        app.MapSocialApi();
    }

    /// <summary>Demo accounts and fresh secrets, only where configuration left them empty.</summary>
    private static void DemoDefaults(MetaOptions meta, XOptions x)
    {
        static string Secret() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        meta.AppSecret ??= Secret();
        meta.VerifyToken ??= Secret();
        if (meta.Pages.Count == 0) meta.Pages.Add(new MetaPage { Id = "100000000000001", Name = "Maison (demo)", Token = "demo-page-token" });
        if (meta.Instagram.Count == 0) meta.Instagram.Add(new MetaInstagramAccount { Id = "17800000000000001", Token = "demo-ig-token" });
        if (meta.WhatsApp.Count == 0) meta.WhatsApp.Add(new MetaWhatsAppNumber { PhoneNumberId = "106540352242922", Token = "demo-wa-token" });
        meta.WhatsAppFollowUpTemplate ??= new WhatsAppTemplate { Name = "support_follow_up", Language = "en" };
        x.ConsumerSecret ??= Secret();
        if (x.Accounts.Count == 0) x.Accounts.Add(new XAccount { UserId = "1000000000000000001", Handle = "MaisonHelp", Token = "demo-x-token" });
    }

    /// <summary>Replay accounts from the server's own configuration: its first Page, IG account, number and X account.</summary>
    public static SocialReplayAccounts ReplayAccounts(MetaOptions meta, XOptions x) => new(
        meta.AppSecret, meta.Pages.FirstOrDefault()?.Id ?? "page", meta.Instagram.FirstOrDefault()?.Id ?? "instagram",
        meta.WhatsApp.FirstOrDefault()?.PhoneNumberId ?? "whatsapp",
        x.ConsumerSecret, x.Accounts.FirstOrDefault()?.UserId ?? "x", x.Accounts.FirstOrDefault()?.Handle ?? "support");
}

public sealed class SocialDemoChannels(MetaOptions meta, XOptions x, IServiceProvider services) : IDemoChannelFactory
{
    // With the demo sandbox running, replay tells it the customers' names, which the profile lookup then finds.
    public IEnumerable<IScenarioChannel> Create(HttpClient server) =>
        [new SocialScenarioChannel(server, SocialChannels.ReplayAccounts(meta, x), services.GetService<DemoSandboxService>()?.Sandbox)];
}

/// <summary>Starts the Graph/X sandbox for --demo and points the senders at it, so demo replies show as sent.</summary>
public sealed class DemoSandboxService(MetaOptions meta, XOptions x, ILogger<DemoSandboxService> log) : IHostedService
{
    private PlatformSandbox? _sandbox;
    public PlatformSandbox? Sandbox => _sandbox;

    public async Task StartAsync(CancellationToken ct)
    {
        _sandbox = await PlatformSandbox.StartAsync(ct);
        meta.GraphBaseUrl = _sandbox.Url;
        meta.InstagramBaseUrl = null;
        x.ApiBaseUrl = _sandbox.Url;
        log.LogWarning("Demo: Graph API and X API replies go to the local sandbox at {Url}", _sandbox.Url);
    }

    public async Task StopAsync(CancellationToken ct)
    {
        if (_sandbox is not null) await _sandbox.DisposeAsync();
    }
}
