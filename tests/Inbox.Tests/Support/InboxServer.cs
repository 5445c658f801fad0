using System.Net;
using System.Net.Http.Json;
using Inbox.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Inbox.Tests.Support;

/// <summary>The real Inbox host on Kestrel at 127.0.0.1 (random port), on a temporary SQLite database.</summary>
public sealed class InboxServer : IAsyncDisposable
{
    public const string AdminUser = "admin";
    public const string AdminPassword = "admin-password";
    public const string InboundSecret = "test-inbound-secret";

    private InboxServer(WebApplication app, string dir)
    {
        App = app;
        Dir = dir;
        Url = app.Urls.First();
    }

    public WebApplication App { get; }
    public string Dir { get; }
    public string Url { get; }
    public IServiceProvider Services => App.Services;
    public string DatabasePath => Path.Combine(Dir, "inbox.db");

    public static async Task<InboxServer> StartAsync(IDictionary<string, string?>? settings = null, string? dir = null, Action<WebApplicationBuilder>? configure = null)
    {
        dir ??= Path.Combine(Path.GetTempPath(), "inbox-test-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(dir);
        var config = new Dictionary<string, string?>
        {
            ["Inbox:Database"] = Path.Combine(dir, "inbox.db"),
            ["Inbox:InboundEmailSecret"] = InboundSecret,
            ["Inbox:AdminUsername"] = AdminUser,
            ["Inbox:AdminPassword"] = AdminPassword,
            ["Inbox:SecureCookies"] = "false",
            ["Inbox:AllowClientTimestamps"] = "true",
        };
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>()) config[k] = v;
        var app = InboxApp.Build(["--urls", "http://127.0.0.1:0"], b =>
        {
            b.Configuration.AddInMemoryCollection(config);
            b.Logging.ClearProviders().AddConsole().SetMinimumLevel(LogLevel.Warning);
            configure?.Invoke(b);
        });
        await app.StartAsync();
        return new InboxServer(app, dir);
    }

    public T Get<T>() where T : notnull => App.Services.GetRequiredService<T>();

    /// <summary>An HTTP client with its own cookie jar, not logged in.</summary>
    public Client Anonymous()
    {
        var cookies = new CookieContainer();
        var http = new HttpClient(new HttpClientHandler { CookieContainer = cookies, UseCookies = true }) { BaseAddress = new Uri(Url) };
        // What the UI sends on every call; the server's anti-forgery rule refuses state changes without it.
        http.DefaultRequestHeaders.Add("X-Requested-With", "inbox");
        return new Client(this, http, cookies);
    }

    public async Task<Client> LoginAsync(string user = AdminUser, string password = AdminPassword)
    {
        var c = Anonymous();
        using var r = await c.Http.PostAsJsonAsync("/api/auth/login", new { username = user, password });
        r.EnsureSuccessStatusCode();
        return c;
    }

    /// <summary>Creates an account through the admin API and logs it in.</summary>
    public async Task<Client> CreateAndLoginAsync(string user, string role)
    {
        using var admin = await LoginAsync();
        using var r = await admin.Http.PostAsJsonAsync("/api/admin/agents", new { username = user, displayName = user, password = "password-" + user, role });
        r.EnsureSuccessStatusCode();
        return await LoginAsync(user, "password-" + user);
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(Dir, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    public sealed class Client(InboxServer server, HttpClient http, CookieContainer cookies) : IDisposable
    {
        public HttpClient Http { get; } = http;
        public CookieContainer Cookies { get; } = cookies;

        /// <summary>A real SignalR client on the hub, authenticated with this client's cookie.</summary>
        public async Task<HubConnection> ConnectHubAsync()
        {
            var hub = new HubConnectionBuilder()
                .WithUrl(new Uri(new Uri(server.Url), "/hubs/inbox"), o => o.Cookies = Cookies)
                .Build();
            await hub.StartAsync();
            return hub;
        }

        public void Dispose() => Http.Dispose();
    }
}
