using System.Text.Json;
using Inbox.Core.Channels.Social;
using Inbox.Core.Customers;
using Inbox.Core.Model;
using Microsoft.Extensions.Logging;

namespace Inbox.Core.Channels.Meta;

/// <summary>
/// Meta's User Profile API: GET /{PSID}?fields=first_name,last_name,name with the Page token (Messenger),
/// GET /{IGSID}?fields=name,username with the Instagram account token. Short timeout: intake waits on it.
/// </summary>
public sealed class MetaProfileLookup(IHttpClientFactory http, MetaOptions options, ILogger<MetaProfileLookup> log) : IProfileLookup
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    public async Task<Profile?> LookupAsync(string channel, string account, string userId, CancellationToken ct)
    {
        var instagram = channel == ChannelName.Instagram;
        if (!instagram && channel != ChannelName.Messenger) return null;
        var token = instagram ? options.InstagramToken(account) : options.PageToken(account);
        if (token is null) return null;
        var baseUrl = instagram ? options.InstagramBaseUrl ?? options.GraphBaseUrl : options.GraphBaseUrl;
        var fields = instagram ? "name,username" : "first_name,last_name,name";
        var url = $"{baseUrl.TrimEnd('/')}/{options.ApiVersion}/{Uri.EscapeDataString(userId)}?fields={fields}&access_token={Uri.EscapeDataString(token)}";

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(Timeout);
        try
        {
            using var response = await http.CreateClient(PlatformCall.HttpClientName).GetAsync(url, timeout.Token);
            var text = await response.Content.ReadAsStringAsync(timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                log.LogWarning("Profile lookup for {Channel} user {UserId} answered {Status}", channel, userId, (int)response.StatusCode);
                return null;
            }
            var json = JsonDocument.Parse(text).RootElement;
            var first = json.Str("first_name");
            var last = json.Str("last_name");
            var name = json.Str("name") ?? (first is null && last is null ? null : $"{first} {last}".Trim());
            var username = json.Str("username");
            return name is null && username is null ? null : new Profile(name, username);
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            log.LogWarning("Profile lookup for {Channel} user {UserId} failed: {Error}", channel, userId, e.Message);
            return null;
        }
    }
}
