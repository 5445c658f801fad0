using System.Threading.RateLimiting;
using Inbox.Core.Agents;
using Inbox.Core.Audit;
using Inbox.Core.Channels.Email;
using Inbox.Core.Consistency;
using Inbox.Core.Conversations;
using Inbox.Core.Duplicates;
using Inbox.Core.Intake;
using Inbox.Core.Outbox;
using Inbox.Core.Realtime;
using Inbox.Core.Reports;
using Inbox.Core.Replies;
using Inbox.Core.Storage;
using Inbox.Core.Timers;
using Inbox.Web.Admin;
using Inbox.Web.Auth;
using Inbox.Web.Channels.Email;
using Inbox.Web.Background;
using Inbox.Web.Satisfaction;
using Inbox.Web.Channels;
using Inbox.Web.Channels.WebChat;
using Inbox.Web.Consistency;
using Inbox.Web.Conversations;
using Inbox.Web.Customers;
using Inbox.Web.Demo;
using Inbox.Web.Duplicates;
using Inbox.Web.Inbound;
using Inbox.Web.Realtime;
using Inbox.Web.Collision;
using Inbox.Web.Security;
using Inbox.Web.Notes;
using Inbox.Web.Drafts;
using Inbox.Web.Rules;
using Inbox.Web.Reports;
using Inbox.Web.SavedReplies;
using Inbox.Web.SavedViews;
using Inbox.Web.Tags;
using Inbox.Web.Timers;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Inbox.Web;

/// <summary>Builds the web host. Program.cs runs it; integration tests start it on 127.0.0.1 with their own settings.</summary>
public static class InboxApp
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var demo = args.Contains("--demo");
        args = args.Where(a => a != "--demo").ToArray(); // a bare switch would swallow the next argument as its value
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, WebRootPath = FindWebRoot(args) });
        if (demo)
        {
            // The demo runs on plain HTTP on this machine, with its own inbound secret and scenario timestamps.
            builder.Configuration["Inbox:Demo"] = "true";
            builder.Configuration["Inbox:SecureCookies"] = "false";
            builder.Configuration["Inbox:AllowClientTimestamps"] = "true";
            builder.Configuration["Inbox:InboundEmailSecret"] ??= Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        }
        configure?.Invoke(builder);

        var inbox = builder.Configuration.GetSection("Inbox");
        builder.Services.AddOptions<InboxOptions>().Bind(inbox).ValidateDataAnnotations().ValidateOnStart();
        var options = inbox.Get<InboxOptions>() ?? new InboxOptions();
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = options.MaxInboundBytes);
        // On 2 cores with 200 agents connected, one queue instead of two: p99 at 1,000 msg/s lower in seven of nine alternating runs.
        // (Out of 1–16, the options' validation stops the start.)
        builder.WebHost.UseSockets(o => o.IOQueueCount = options.SocketQueues);

        // Storage and the engine (Inbox.Core)
        builder.Services.TryAddSingleton(TimeProvider.System); // tests may have put a fake clock in configure
        builder.Services.AddSingleton(new Db(options.Database));
        builder.Services.AddSingleton(inbox.GetSection("Conversations").Get<ConversationOptions>() ?? new ConversationOptions());
        builder.Services.AddSingleton(inbox.GetSection("Outbox").Get<OutboxOptions>() ?? new OutboxOptions());
        builder.Services.AddSingleton<RawEventStore>();
        builder.Services.AddSingleton<AgentStore>();
        builder.Services.AddSingleton<Signatures>();
        builder.Services.AddSingleton<AuditLog>();
        builder.Services.AddSingleton<ConversationQueries>();
        builder.Services.AddSingleton(inbox.GetSection("Duplicates").Get<DuplicateOptions>() ?? new DuplicateOptions());
        builder.Services.AddSingleton<IdentityLinks>();
        builder.Services.AddSingleton<DuplicateLinker>();
        builder.Services.AddSingleton<DuplicateDetector>();
        builder.Services.AddSingleton<ConsistencyChecker>();
        builder.Services.AddSingleton<SlaConfigStore>();
        builder.Services.AddSingleton<TimerScheduler>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<TimerScheduler>());
        builder.Services.AddSingleton<TimerUpdater>();
        builder.Services.AddSingleton<IResponseDue>(s => s.GetRequiredService<TimerUpdater>());
        builder.Services.AddSingleton<Board>();
        builder.Services.AddSingleton<Metrics>();
        builder.Services.AddSingleton<Core.Customers.ProfileFiller>();
        builder.Services.AddSingleton<IntakePipeline>();
        builder.Services.AddSingleton<OutboxProcessor>();
        builder.Services.AddSingleton<ReplyService>();
        builder.Services.AddSingleton<ReadMarks>();
        // A body the API cannot read throws, so that UseBadRequestMessages can say what was wrong (not a bare 400).
        builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.AddSingleton<Core.Security.CustomerErasure>();
        builder.Services.AddSingleton<Core.Collision.Assignments>();
        builder.Services.AddSingleton<PresenceTracker>();
        builder.Services.AddSingleton<Core.Collision.IOnlineAgents>(sp => sp.GetRequiredService<PresenceTracker>());
        builder.Services.AddSingleton<Core.Collision.AutoAssign>();
        builder.Services.AddSingleton<ProbeCampaigns>();
        builder.Services.AddSingleton<Core.SavedReplies.SavedReplyStore>();
        builder.Services.AddSingleton<Core.SavedReplies.SavedReplyActions>();
        builder.Services.AddSingleton<Core.SavedViews.SavedViewStore>();
        builder.Services.AddSingleton<Core.Customers.CustomerNames>();
        builder.Services.AddSingleton<Core.Customers.CustomerDirectory>();
        builder.Services.AddSingleton<ConversationHistory>();
        builder.Services.AddSingleton<Core.Notes.NoteStore>();
        builder.Services.AddSingleton<Core.Drafts.DraftStore>();
        builder.Services.AddSingleton<Spam>();
        builder.Services.AddSingleton<Priority>();
        builder.Services.AddSingleton<Core.Rules.RuleBook>();
        builder.Services.AddSingleton<Core.Notes.Mentions>();
        builder.Services.AddSingleton<Core.Tags.ConversationTags>();
        builder.Services.AddSingleton<ConversationStatus>().AddHostedService<SnoozeWaker>();

        // Channels: one normalizer (inbound) and one sender (outbound) per channel
        builder.Services.AddSingleton<IChannelNormalizer, MimeNormalizer>();
        var email = inbox.GetSection("Email").Get<EmailOptions>() ?? new EmailOptions();
        builder.Services.AddSingleton(email);
        builder.Services.AddSingleton<ImapCheckpoints>();
        if (!string.IsNullOrWhiteSpace(email.Smtp.Host)) builder.Services.AddSingleton<IChannelSender, SmtpEmailSender>();
        if (email.Mailboxes.Count > 0) builder.Services.AddSingleton<ImapIntakeService>().AddHostedService(sp => sp.GetRequiredService<ImapIntakeService>());
        builder.AddSocialChannels();
        var webChat = inbox.GetSection("WebChat").Get<Channels.WebChat.WebChatOptions>() ?? new Channels.WebChat.WebChatOptions();
        builder.Services.AddSingleton(webChat);
        builder.Services.AddSingleton<Core.Channels.WebChat.ChatVisitors>();
        builder.Services.AddSingleton<IChannelNormalizer, Core.Channels.WebChat.WebChatNormalizer>();
        builder.Services.AddSingleton<IChannelSender, Channels.WebChat.WebChatSender>();
        builder.Services.AddSingleton<Channels.WebChat.ChatPresence>();

        // Realtime, auth, limits
        // Every agent gets every intake batch's list rows: leaving out null properties (the page treats a missing
        // property as null) and not escaping accented letters make those frames about a sixth smaller, which with
        // many agents connected is CPU on both ends of each socket.
        builder.Services.AddSignalR().AddJsonProtocol(o =>
        {
            o.PayloadSerializerOptions.DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull;
            o.PayloadSerializerOptions.Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All);
        });
        builder.Services.AddSingleton<IBroadcaster, HubBroadcaster>();
        builder.Services.AddInboxAuth(options.SecureCookies);
        // Secure by default: an endpoint that declares nothing requires a signed-in agent; login and the
        // signature-checked webhooks opt out explicitly with AllowAnonymous().
        builder.Services.AddAuthorizationBuilder().SetFallbackPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder()
            .RequireAuthenticatedUser().Build());
        builder.Services.AddRateLimiter(r =>
        {
            r.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            r.AddPolicy("login", http => RateLimitPartition.GetFixedWindowLimiter(http.Connection.RemoteIpAddress?.ToString() ?? "",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = 20, Window = TimeSpan.FromMinutes(1) }));
            r.AddPolicy("inbound", http => RateLimitPartition.GetTokenBucketLimiter(http.Connection.RemoteIpAddress?.ToString() ?? "",
                _ => new TokenBucketRateLimiterOptions { TokenLimit = options.InboundBurst, TokensPerPeriod = options.InboundPerSecond, ReplenishmentPeriod = TimeSpan.FromSeconds(1), QueueLimit = 0 }));
        });

        // Background work
        builder.Services.AddSingleton<IntakeQueue>();
        builder.Services.AddHostedService<WalCheckpointer>();
        builder.Services.AddHostedService<IntakeWorker>();
        builder.Services.AddHostedService<OutboxWorker>();
        builder.Services.AddSingleton<AccountTokens>();
        builder.Services.AddSingleton<AccountMailer>().AddHostedService(sp => sp.GetRequiredService<AccountMailer>());
        builder.Services.AddSingleton(inbox.GetSection("Satisfaction").Get<Core.Satisfaction.SatisfactionOptions>() ?? new Core.Satisfaction.SatisfactionOptions());
        builder.Services.AddSingleton<Core.Satisfaction.Surveys>();
        builder.Services.AddSingleton<SurveyMailer>().AddHostedService(sp => sp.GetRequiredService<SurveyMailer>());
        if (builder.Configuration.GetValue<bool>("Inbox:Demo")) builder.Services.AddHostedService<DemoService>();

        var app = builder.Build();
        Startup(app);

        app.UseSecurityHeaders(webChat.EmbedOrigins);
        // The chat page is not there when the web chat is off.
        if (!webChat.Enabled) app.Use((http, next) => http.Request.Path.Equals("/chat.html", StringComparison.OrdinalIgnoreCase)
            ? Results.NotFound().ExecuteAsync(http) : next(http));
        // A reply's files travel in base64 (4 bytes for 3) inside its JSON.
        var outboxOptions = app.Services.GetRequiredService<OutboxOptions>();
        app.UseBodyLimits(options.MaxApiBytes, options.MaxInboundBytes, outboxOptions.MaxAttachmentBytes / 3 * 4 + 64 * 1024);
        app.UseBadRequestMessages();
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.UseRequestGuard();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();

        app.MapAuthApi();
        app.MapEmailInbound();
        app.MapConversationsApi();
        app.MapAdminApi();
        app.MapSatisfactionApi();
        app.MapConsistencyExport();
        app.MapDuplicatesApi();
        app.MapSecurityApi();
        app.MapAssignmentApi();
        app.MapConsistencyFlags();
        app.MapTimersApi();
        app.MapSocialChannels();
        app.MapAuditReportApi();
        app.MapSavedRepliesApi();
        app.MapSavedViewsApi();
        app.MapCustomersApi();
        app.MapNotesApi();
        app.MapDraftsApi();
        app.MapSpamApi();
        app.MapRulesApi();
        app.MapTagsApi();
        app.MapHub<InboxHub>("/hubs/inbox");
        app.MapWebChat();
        return app;
    }

    /// <summary>Migrations, then the first admin from configuration when there is no agent yet.</summary>
    private static void Startup(WebApplication app)
    {
        var db = app.Services.GetRequiredService<Db>();
        var applied = Migrator.Apply(db);
        if (applied.Count > 0) app.Logger.LogInformation("Applied migrations: {Migrations}", string.Join(", ", applied));
        var o = app.Services.GetRequiredService<IOptions<InboxOptions>>().Value;
        var agents = app.Services.GetRequiredService<AgentStore>();
        if (!agents.Any() && o.AdminUsername is { Length: > 0 } user && o.AdminPassword is { Length: > 0 } password)
        {
            agents.Create(user, user, password, Core.Model.Roles.Admin);
            app.Logger.LogInformation("Created the first admin '{User}' from configuration", user);
        }
    }

    /// <summary>The top-level wwwroot/ of the repository, found from the working directory or the binary's folder.</summary>
    private static string? FindWebRoot(string[] args)
    {
        var configured = args.FirstOrDefault(a => a.StartsWith("--Inbox:WebRoot=", StringComparison.OrdinalIgnoreCase))?.Split('=', 2)[1]
            ?? Environment.GetEnvironmentVariable("Inbox__WebRoot");
        if (!string.IsNullOrEmpty(configured)) return Path.GetFullPath(configured);
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "Inbox.sln")) && Directory.Exists(Path.Combine(dir.FullName, "wwwroot")))
                    return Path.Combine(dir.FullName, "wwwroot");
        }
        return null;
    }
}
