using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Inbox.Tests.Support;
using static Inbox.Tests.Social.SocialHost;

namespace Inbox.Tests.Social;

/// <summary>
/// Media Meta sends by reference is downloaded after intake (MediaFetcher) from the local Graph sandbox: a WhatsApp
/// image by its media id and the number's token, a Messenger photo by its CDN URL; an address outside Meta's hosts
/// is never called.
/// </summary>
public sealed class MediaFetchTests(SocialHost host) : IClassFixture<SocialHost>
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(30);
    private static readonly byte[] Png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");

    private async Task<JsonElement> FetchedAsync(string channel, string externalId)
    {
        await host.ConversationOf(channel, externalId);
        await Wait.UntilAsync(() => host.Scalar<long>("""
            SELECT COUNT(*) FROM attachments a JOIN messages m ON m.id = a.message_id
            WHERE m.external_id = @externalId AND (a.content IS NOT NULL OR a.fetch_error IS NOT NULL)
            """, new { externalId }) > 0, Long, "the attachment fetched or failed");
        using var c = host.Server.Get<Inbox.Core.Storage.Db>().Open();
        var row = Dapper.SqlMapper.QuerySingle(c, """
            SELECT a.id, a.content_type, a.size, a.fetch_error, a.media_ref FROM attachments a JOIN messages m ON m.id = a.message_id WHERE m.external_id = @externalId
            """, new { externalId });
        return JsonSerializer.SerializeToElement(new { id = (long)row.id, type = (string)row.content_type, size = (long)row.size, error = (string?)row.fetch_error, mediaRef = (string?)row.media_ref });
    }

    [Fact]
    public async Task A_whatsapp_image_is_fetched_by_its_media_id_and_downloads_from_the_thread()
    {
        var (media, wamid, waId) = ("media-" + NewId(), "wamid." + NewId(), "3361" + Random.Shared.Next(1000000, 9999999));
        host.Sandbox.AddMedia(media, Png, "image/png");
        var json = $$"""{"object":"whatsapp_business_account","entry":[{"id":"WABA","changes":[{"field":"messages","value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550001111","phone_number_id":"{{WhatsApp}}"},"contacts":[{"profile":{"name":"Wanda"},"wa_id":"{{waId}}"}],"messages":[{"from":"{{waId}}","id":"{{wamid}}","timestamp":"{{DateTimeOffset.UtcNow.ToUnixTimeSeconds()}}","type":"image","image":{"id":"{{media}}","mime_type":"image/png","sha256":"x","caption":"le colis abîmé"} }]} }]}]}""";
        Assert.Equal(HttpStatusCode.OK, (await host.PostMeta(json)).StatusCode);

        var row = await FetchedAsync("whatsapp", wamid);
        Assert.Equal((JsonValueKind.Null, "image/png", Png.Length), (row.GetProperty("error").ValueKind, row.GetProperty("type").GetString(), row.GetProperty("size").GetInt32()));
        // Asked for its URL with the number's token, then read with it.
        var ask = host.Sandbox.Requests.Single(r => r.Method == "GET" && r.Path == $"/v21.0/{media}");
        Assert.Equal("Bearer wa-token", ask.Authorization);
        Assert.Contains("le colis abîmé", host.Scalar<string>("SELECT text FROM messages WHERE external_id = @wamid", new { wamid }));

        using var agent = await host.Server.LoginAsync();
        var conversation = await host.ConversationOf("whatsapp", wamid);
        var detail = await agent.Http.GetFromJsonAsync<JsonElement>($"/api/conversations/{conversation}");
        var attachment = detail.GetProperty("messages").EnumerateArray().Single(m => m.GetProperty("externalId").GetString() == wamid).GetProperty("attachments")[0];
        Assert.Equal((true, false), (attachment.GetProperty("downloadable").GetBoolean(), attachment.GetProperty("fetchFailed").GetBoolean()));
        Assert.Equal(Png, await agent.Http.GetByteArrayAsync($"/api/attachments/{attachment.GetProperty("id").GetInt64()}"));
    }

    [Fact]
    public async Task A_messenger_photo_is_fetched_from_its_url_and_an_address_outside_meta_is_never_called()
    {
        var (photo, mid, psid) = ("photo-" + NewId(), "m_" + NewId(), "psid-" + NewId());
        var url = host.Sandbox.AddMedia(photo, Png, "image/png");
        string WithImage(string id, string address) =>
            $$"""{"object":"page","entry":[{"id":"{{Page}}","time":{{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}},"messaging":[{"sender":{"id":"{{psid}}"},"recipient":{"id":"{{Page}}"},"timestamp":{{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}},"message":{"mid":"{{id}}","attachments":[{"type":"image","payload":{"url":"{{address}}"} }]} }]}]}""";
        Assert.Equal(HttpStatusCode.OK, (await host.PostMeta(WithImage(mid, url))).StatusCode);
        var row = await FetchedAsync("messenger", mid);
        Assert.Equal((JsonValueKind.Null, "image/png", Png.Length), (row.GetProperty("error").ValueKind, row.GetProperty("type").GetString(), row.GetProperty("size").GetInt32()));

        // A webhook naming another host: the fetcher refuses it without a request, and says why.
        var other = "m_" + NewId();
        Assert.Equal(HttpStatusCode.OK, (await host.PostMeta(WithImage(other, "http://127.0.0.2:9/internal/admin"))).StatusCode);
        var refused = await FetchedAsync("messenger", other);
        Assert.StartsWith("not a Meta media address", refused.GetProperty("error").GetString());
        Assert.DoesNotContain(host.Sandbox.Requests, r => r.Path.Contains("internal/admin"));
        // Given up after the last attempt: the thread says the file could not be fetched.
        await Wait.UntilAsync(() => host.Scalar<long>("SELECT fetch_attempts FROM attachments WHERE id = @id", new { id = refused.GetProperty("id").GetInt64() })
            == Inbox.Core.Channels.Meta.MediaFetcher.MaxAttempts, Long, "every attempt made");
        using var agent = await host.Server.LoginAsync();
        var detail = await agent.Http.GetFromJsonAsync<JsonElement>($"/api/conversations/{await host.ConversationOf("messenger", other)}");
        var file = detail.GetProperty("messages").EnumerateArray().Single(m => m.GetProperty("externalId").GetString() == other).GetProperty("attachments")[0];
        Assert.Equal((false, true), (file.GetProperty("downloadable").GetBoolean(), file.GetProperty("fetchFailed").GetBoolean()));

        // Nor through a redirect: each hop is checked.
        var redirected = "m_" + NewId();
        var hop = host.Sandbox.AddRedirect("moved-" + NewId(), "http://127.0.0.2:9/internal/metadata");
        Assert.Equal(HttpStatusCode.OK, (await host.PostMeta(WithImage(redirected, hop))).StatusCode);
        Assert.Equal("not a Meta media address: http://127.0.0.2:9/internal/metadata", (await FetchedAsync("messenger", redirected)).GetProperty("error").GetString());
    }
}
