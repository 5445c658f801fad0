using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Inbox.Core.Notes;
using Inbox.Tests.Support;
using Microsoft.AspNetCore.SignalR.Client;

namespace Inbox.Tests.Notes;

/// <summary>Internal notes over the real API and hub: added by any agent, pushed live to the conversation's viewers, redacted by erasure.</summary>
public sealed class NotesApiTests : IAsyncLifetime
{
    private InboxServer _server = null!;
    public async Task InitializeAsync() => _server = await InboxServer.StartAsync();
    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_note_reaches_the_agents_viewing_the_conversation_and_never_the_customer()
    {
        var conversation = await _server.ReceiveEmailAsync("Zoé Martin <zoe@customer.test>", "Remboursement", "Où en est mon remboursement ?");
        using var amy = await _server.CreateAndLoginAsync("amy", "agent");
        using var ben = await _server.CreateAndLoginAsync("ben", "agent");
        await using var benHub = await ben.ConnectHubAsync();
        var pushed = new TaskCompletionSource<NoteView>(TaskCreationOptions.RunContinuationsAsynchronously);
        benHub.On<NoteView>("NoteAdded", n => pushed.TrySetResult(n));
        await benHub.InvokeAsync("OpenConversation", conversation);

        using var added = await amy.Http.PostAsJsonAsync($"/api/conversations/{conversation}/notes", new { text = "  Elle a appelé : remboursement validé par la compta.\r\nRépondre avant 17 h.  " });
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        var note = await pushed.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("Elle a appelé : remboursement validé par la compta.\nRépondre avant 17 h.", note.Text);
        Assert.Equal(("amy", conversation), (note.AgentName, note.ConversationId));

        var listed = await ben.Http.GetFromJsonAsync<List<NoteView>>($"/api/conversations/{conversation}/notes");
        Assert.Equal([note.Id], listed!.Select(n => n.Id));
        // A note is not a message: nothing queued for the customer, the conversation still waits for an answer.
        Assert.Equal(0, _server.Count("outbox"));
        Assert.Equal(0, _server.Scalar<long>("SELECT COUNT(*) FROM messages WHERE direction = 'out'"));
        var detail = await ben.Http.GetFromJsonAsync<JsonElement>($"/api/conversations/{conversation}");
        Assert.Equal(1, detail.GetProperty("conversation").GetProperty("unanswered").GetInt32());

        // Erasing the customer withdraws the notes' words (they often quote the customer); the rows stay.
        using var admin = await _server.LoginAsync();
        var customer = _server.Scalar<long>("SELECT customer_id FROM conversations WHERE id = @conversation", new { conversation });
        using var erased = await admin.Http.PostAsJsonAsync($"/api/admin/customers/{customer}/erase", new { confirm = true });
        erased.EnsureSuccessStatusCode();
        Assert.Equal(1, (await erased.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("notes").GetInt32());
        var after = (await ben.Http.GetFromJsonAsync<List<NoteView>>($"/api/conversations/{conversation}/notes"))!.Single();
        Assert.Equal("", after.Text);
        Assert.NotNull(after.RedactedAt);
    }

    [Fact]
    public async Task A_note_without_words_or_conversation_or_login_is_refused()
    {
        var conversation = await _server.ReceiveEmailAsync("sam@customer.test", "Hello", "Where is my order?");
        using var agent = await _server.CreateAndLoginAsync("amy", "agent");
        using (var empty = await agent.Http.PostAsJsonAsync($"/api/conversations/{conversation}/notes", new { text = "  " }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
            Assert.Equal("text is required", (await empty.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
        }
        using (var tooLong = await agent.Http.PostAsJsonAsync($"/api/conversations/{conversation}/notes", new { text = new string('a', NoteStore.MaxLength + 1) }))
            Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await agent.Http.PostAsJsonAsync("/api/conversations/999999/notes", new { text = "hello" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await agent.Http.GetAsync("/api/conversations/999999/notes")).StatusCode);
        using (var anonymous = _server.Anonymous())
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.Http.GetAsync($"/api/conversations/{conversation}/notes")).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.Http.PostAsJsonAsync($"/api/conversations/{conversation}/notes", new { text = "hi" })).StatusCode);
        }
        Assert.Equal(0, _server.Count("notes"));
    }
}
