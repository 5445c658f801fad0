using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Inbox.Core.Notes;
using Inbox.Tests.Support;
using Microsoft.AspNetCore.SignalR.Client;

namespace Inbox.Tests.Notes;

/// <summary>A note's author corrects or withdraws it over the real API: the viewers follow, only new names are told.</summary>
public sealed class NoteEditsTests : IAsyncLifetime
{
    private InboxServer _server = null!;
    public async Task InitializeAsync() => _server = await InboxServer.StartAsync();
    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task The_author_corrects_a_note_and_only_a_newly_named_colleague_is_told()
    {
        var conversation = await _server.ReceiveEmailAsync("zoe@customer.test", "Refund", "Where is my refund?");
        using var amy = await _server.CreateAndLoginAsync("amy", "agent");
        using var ben = await _server.CreateAndLoginAsync("ben", "agent");
        using var cleo = await _server.CreateAndLoginAsync("cleo", "agent");
        await using var benHub = await ben.ConnectHubAsync();
        await benHub.InvokeAsync("OpenConversation", conversation);
        var benTold = 0;
        benHub.On<MentionView>("Mentioned", _ => Interlocked.Increment(ref benTold));
        var corrected = new TaskCompletionSource<NoteView>(TaskCreationOptions.RunContinuationsAsynchronously);
        benHub.On<NoteView>("NoteChanged", n => corrected.TrySetResult(n));
        await using var cleoHub = await cleo.ConnectHubAsync();
        var cleoTold = new TaskCompletionSource<MentionView>(TaskCreationOptions.RunContinuationsAsynchronously);
        cleoHub.On<MentionView>("Mentioned", m => cleoTold.TrySetResult(m));

        var note = await (await amy.Http.PostAsJsonAsync($"/api/conversations/{conversation}/notes", new { text = "@ben refund 40 €" }))
            .Content.ReadFromJsonAsync<NoteView>();
        await Wait.UntilAsync(() => Volatile.Read(ref benTold) == 1);

        using var edit = await amy.Http.PutAsJsonAsync($"/api/conversations/{conversation}/notes/{note!.Id}", new { text = "@ben @cleo refund 45 €" });
        Assert.Equal(HttpStatusCode.OK, edit.StatusCode);
        var seen = await corrected.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("@ben @cleo refund 45 €", seen.Text);
        Assert.NotNull(seen.EditedAt);
        Assert.Equal(note.Id, (await cleoTold.Task.WaitAsync(TimeSpan.FromSeconds(10))).NoteId);
        Assert.Equal(1, Volatile.Read(ref benTold)); // named before: not told again
        Assert.Equal(2, _server.Count("note_mentions"));

        // Ben cannot change Amy's note; the log says who edited, not what.
        using var other = await ben.Http.PutAsJsonAsync($"/api/conversations/{conversation}/notes/{note.Id}", new { text = "mine now" });
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        Assert.Equal("only its author changes a note", (await other.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await ben.Http.DeleteAsync($"/api/conversations/{conversation}/notes/{note.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await amy.Http.PutAsJsonAsync($"/api/conversations/{conversation + 1000}/notes/{note.Id}", new { text = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await amy.Http.PutAsJsonAsync($"/api/conversations/{conversation}/notes/{note.Id}", new { text = " " })).StatusCode);
        Assert.DoesNotContain("45", _server.Scalar<string>("SELECT details FROM audit_log WHERE action = 'note.edit'"));
    }

    [Fact]
    public async Task A_withdrawn_note_keeps_its_row_loses_its_words_and_its_mentions()
    {
        var conversation = await _server.ReceiveEmailAsync("zoe@customer.test", "Refund", "Where is my refund?");
        using var amy = await _server.CreateAndLoginAsync("amy", "agent");
        using var ben = await _server.CreateAndLoginAsync("ben", "agent");
        var note = await (await amy.Http.PostAsJsonAsync($"/api/conversations/{conversation}/notes", new { text = "@ben wrong customer, sorry" }))
            .Content.ReadFromJsonAsync<NoteView>();

        using var withdrawn = await amy.Http.DeleteAsync($"/api/conversations/{conversation}/notes/{note!.Id}");
        Assert.Equal(HttpStatusCode.OK, withdrawn.StatusCode);
        var notes = await ben.Http.GetFromJsonAsync<NoteView[]>($"/api/conversations/{conversation}/notes");
        var kept = Assert.Single(notes!);
        Assert.Equal(("", true), (kept.Text, kept.WithdrawnAt is not null));
        Assert.Empty(await ben.Http.GetFromJsonAsync<JsonElement[]>("/api/mentions") ?? []);
        Assert.Equal(HttpStatusCode.Conflict, (await amy.Http.PutAsJsonAsync($"/api/conversations/{conversation}/notes/{note.Id}", new { text = "back" })).StatusCode);
        Assert.Equal(1, _server.Scalar<long>("SELECT COUNT(*) FROM audit_log WHERE action = 'note.withdraw'"));
    }
}
