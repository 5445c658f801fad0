using System.Net.Http.Json;
using Inbox.Core.Model;

namespace Inbox.Core.Replay;

/// <summary>
/// Web chat events through the visitors' real path: a session per scenario customer (POST /chat/session, with the
/// customer's name and email), then each message (POST /chat/messages) with the event id as the page's message id
/// and the event's time as its time.
/// </summary>
public sealed class WebChatScenarioChannel(HttpClient server) : IScenarioChannel
{
    private readonly Dictionary<string, (string Visitor, string Token)> _sessions = [];

    public bool Handles(ScenarioEvent e) => e.Channel == ChannelName.WebChat;

    public async Task SendAsync(ScenarioEvent e, DateTimeOffset at, CancellationToken ct)
    {
        var c = e.Customer ?? new ScenarioCustomer();
        // The same person comes back to the same session (the same browser); nothing else in an event says who they are.
        var key = c.Email ?? c.Handle ?? c.Name ?? e.Id;
        if (!_sessions.TryGetValue(key, out var session))
        {
            using var started = await Post("/chat/session", new { name = c.Name, email = c.Email }, null, ct);
            var body = await started.Content.ReadFromJsonAsync<SessionBody>(ct) ?? throw new HttpRequestException("/chat/session answered no session");
            _sessions[key] = session = (body.Visitor, body.Token);
        }
        using var sent = await Post("/chat/messages", new { id = e.Id, text = e.Text, sentAt = at.ToUnixTimeMilliseconds() }, session, ct);
    }

    private async Task<HttpResponseMessage> Post(string path, object body, (string Visitor, string Token)? session, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Add("X-Requested-With", "inbox");
        if (session is { } s) { request.Headers.Add("X-Chat-Visitor", s.Visitor); request.Headers.Add("X-Chat-Token", s.Token); }
        var response = await server.SendAsync(request, ct);
        if (!response.IsSuccessStatusCode)
        {
            var error = await response.Content.ReadAsStringAsync(ct);
            response.Dispose();
            throw new HttpRequestException($"{path} answered {(int)response.StatusCode}: {error}");
        }
        return response;
    }

    private sealed record SessionBody(string Visitor, string Token);
}
