using System.Net;
using Inbox.Core.Channels.Social;
using Inbox.Core.Customers;
using Inbox.Core.Replay;
using Inbox.Tests.Support;
using static Inbox.Tests.Social.SocialHost;

namespace Inbox.Tests.Social;

/// <summary>Messenger/Instagram webhooks carry no name: intake asks the (sandboxed) User Profile API before identifying.</summary>
public sealed class ProfileLookupTests(SocialHost host) : IClassFixture<SocialHost>
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(30);

    private async Task Stored(string channel, string mid) =>
        await Wait.UntilAsync(() => host.Scalar<long>("SELECT COUNT(*) FROM messages WHERE channel = @channel AND external_id = @mid", new { channel, mid }) == 1,
            Long, $"{channel} message {mid}");

    private string? IdentityName(string channel, string externalId) =>
        host.Scalar<string?>("SELECT display_name FROM identities WHERE channel = @channel AND external_id = @externalId", new { channel, externalId });

    private List<Inbox.Web.Sandbox.PlatformSandbox.Recorded> ProfileGets(string userId) =>
        host.Sandbox.Requests.Where(r => r.Method == "GET" && r.Path.EndsWith("/" + userId, StringComparison.Ordinal)).ToList();

    [Fact]
    public async Task NamelessMessengerSenderGetsTheNameFromTheProfileApiOnce()
    {
        var psid = "psid-" + NewId();
        host.Sandbox.Register(psid, new Profile("Camille Martin"));
        var mid = "m_" + NewId();

        var r = await host.PostMeta(Messenger(psid, mid, "Where is my parcel?", DateTimeOffset.UtcNow.AddMinutes(-5)));
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        await Stored("messenger", mid);

        Assert.Equal("Camille Martin", IdentityName("messenger", psid));
        Assert.Equal("Camille Martin", host.Scalar<string>("""
            SELECT c.display_name FROM customers c JOIN identities i ON i.customer_id = c.id
            WHERE i.channel = 'messenger' AND i.external_id = @psid
            """, new { psid }));
        var get = Assert.Single(ProfileGets(psid));
        Assert.Equal($"/v21.0/{psid}", get.Path);
        Assert.Contains("fields=first_name,last_name,name", get.Query);
        Assert.Contains("access_token=page-token", get.Query);

        // A known sender is named from the identity: no second call.
        var second = "m_" + NewId();
        await host.PostMeta(Messenger(psid, second, "Any news?", DateTimeOffset.UtcNow.AddMinutes(-4)));
        await Stored("messenger", second);
        Assert.Single(ProfileGets(psid));
    }

    [Fact]
    public async Task InstagramSenderGetsNameAndUsername()
    {
        var igsid = "igsid-" + NewId();
        host.Sandbox.Register(igsid, new Profile("Léa Dubois", "lea.dbs"));
        var mid = "ig_" + NewId();

        await host.PostMeta(Messenger(igsid, mid, "Do you ship to Lyon?", DateTimeOffset.UtcNow.AddMinutes(-5), "instagram", Instagram));
        await Stored("instagram", mid);

        Assert.Equal("Léa Dubois", IdentityName("instagram", igsid));
        Assert.Equal("lea.dbs", host.Scalar<string>("SELECT handle FROM identities WHERE channel = 'instagram' AND external_id = @igsid", new { igsid }));
        Assert.Contains("fields=name,username", Assert.Single(ProfileGets(igsid)).Query);
    }

    [Fact]
    public async Task FailingProfileApiStillStoresTheMessageWithoutName()
    {
        var psid = "psid-" + NewId();
        host.Sandbox.Register(psid, new Profile("Never Seen"));
        host.Sandbox.Fail(500, 1, psid);
        var mid = "m_" + NewId();

        var r = await host.PostMeta(Messenger(psid, mid, "Hello?", DateTimeOffset.UtcNow.AddMinutes(-5)));
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        await Stored("messenger", mid);

        Assert.Single(ProfileGets(psid));
        Assert.Null(IdentityName("messenger", psid));
        Assert.Equal("processed", host.Scalar<string>(
            "SELECT r.status FROM raw_events r JOIN messages m ON m.raw_event_id = r.id WHERE m.external_id = @mid", new { mid }));
    }

    [Fact]
    public async Task ScenarioReplayTellsTheSandboxTheCustomerNameSoTheLookupFindsIt()
    {
        var psid = "psid-" + NewId();
        var id = "m_" + NewId();
        using var client = host.Server.Anonymous();
        var channel = new SocialScenarioChannel(client.Http,
            new SocialReplayAccounts(MetaSecret, Page, Instagram, WhatsApp, XSecret, XUser), host.Sandbox);

        await channel.SendAsync(new ScenarioEvent
        {
            Id = id, Channel = "messenger", Text = "My order is late",
            Customer = new ScenarioCustomer { Name = "Hugo Bernard", Psid = psid },
        }, DateTimeOffset.UtcNow.AddMinutes(-5), CancellationToken.None);
        await Stored("messenger", id);

        Assert.Equal("Hugo Bernard", IdentityName("messenger", psid));
    }
}
