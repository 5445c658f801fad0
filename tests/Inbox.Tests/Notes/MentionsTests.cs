using System.Net;
using System.Net.Http.Json;
using Inbox.Core.Notes;
using Inbox.Tests.Support;
using Microsoft.AspNetCore.SignalR.Client;

namespace Inbox.Tests.Notes;

/// <summary>@mentions in notes: the agent named is told at once on their own connections and keeps the mention until seen.</summary>
public sealed class MentionsTests : IAsyncLifetime
{
    private InboxServer _server = null!;
    public async Task InitializeAsync() => _server = await InboxServer.StartAsync();
    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData("@Ben can you check? Mail refunds@brand.fr, @amy.d. and @@x, @ben again", "ben,amy.d")]
    [InlineData("(@lea) and @sam_2: done", "lea,sam_2")]
    [InlineData("no one here, just an @ sign", "")]
    public void A_note_names_agents_by_their_username_not_by_an_address(string text, string expected) =>
        Assert.Equal(expected, string.Join(',', Mentions.Named(text)));

    [Fact]
    public async Task The_agent_named_in_a_note_is_told_at_once_and_keeps_it_until_seen()
    {
        var conversation = await _server.ReceiveEmailAsync("Zoé Martin <zoe@customer.test>", "Remboursement", "Où en est mon remboursement ?");
        using var amy = await _server.CreateAndLoginAsync("amy", "agent");
        using var ben = await _server.CreateAndLoginAsync("ben", "agent");
        using var cleo = await _server.CreateAndLoginAsync("cleo", "agent");
        // Ben is not looking at the conversation: the push goes to him wherever he is; Cléo, not named, gets nothing.
        await using var benHub = await ben.ConnectHubAsync();
        await using var cleoHub = await cleo.ConnectHubAsync();
        var told = new TaskCompletionSource<MentionView>(TaskCreationOptions.RunContinuationsAsynchronously);
        var cleoTold = 0;
        benHub.On<MentionView>("Mentioned", m => told.TrySetResult(m));
        cleoHub.On<MentionView>("Mentioned", _ => Interlocked.Increment(ref cleoTold));

        (await amy.Http.PostAsJsonAsync($"/api/conversations/{conversation}/notes", new { text = "@ben peux-tu valider le remboursement ? (@amy @nobody)" })).EnsureSuccessStatusCode();
        var mention = await told.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(("amy", conversation, "Remboursement", "Zoé Martin"), (mention.AuthorName, mention.ConversationId, mention.Subject, mention.CustomerName));
        Assert.Null(mention.SeenAt);

        var bens = await ben.Http.GetFromJsonAsync<List<MentionView>>("/api/mentions");
        Assert.Equal([mention.Id], bens!.Select(m => m.Id));
        Assert.Empty((await amy.Http.GetFromJsonAsync<List<MentionView>>("/api/mentions"))!); // naming oneself tells nobody
        Assert.Equal(0, Volatile.Read(ref cleoTold));

        // Seen by Ben only: another agent cannot mark it.
        Assert.Equal(HttpStatusCode.NotFound, (await amy.Http.PostAsync($"/api/mentions/{mention.Id}/seen", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await ben.Http.PostAsync($"/api/mentions/{mention.Id}/seen", null)).StatusCode);
        Assert.NotNull((await ben.Http.GetFromJsonAsync<List<MentionView>>("/api/mentions"))!.Single().SeenAt);

        // Who can be named, for the note box's completion: usernames and names, to any agent.
        var team = await cleo.Http.GetFromJsonAsync<List<System.Text.Json.JsonElement>>("/api/mentions/agents");
        Assert.Contains(team!, a => a.GetProperty("username").GetString() == "ben" && a.TryGetProperty("displayName", out _));
        Assert.DoesNotContain(team!, a => a.TryGetProperty("role", out _) || a.TryGetProperty("passwordHash", out _));
    }
}
