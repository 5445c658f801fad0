using System.Security.Claims;
using Dapper;
using Inbox.Core.Conversations;
using Inbox.Core.Duplicates;
using Inbox.Core.Intake;
using Inbox.Core.Model;
using Inbox.Core.Realtime;
using Inbox.Core.Storage;
using Inbox.Web.Auth;

namespace Inbox.Web.Duplicates;

/// <summary>A sibling conversation of the cluster with the answers it received, for the conversation panel.</summary>
public sealed record SiblingView(ConversationView Conversation, IReadOnlyList<AnswerView> Answers, DuplicateLinkView? Link);

public sealed record AnswerView(long Id, string Text, long SentAt, string? AgentName, string Status);

/// <param name="Into">The customer the one in the path is folded into (they are the same person).</param>
public sealed record MergeBody(long Into);

public sealed record DuplicatesDetail(IReadOnlyList<SiblingView> Siblings, IReadOnlyList<DuplicateLinkView> Links, IReadOnlyList<CustomerMergeView> Merges);

/// <summary>Duplicate clusters and identity merges for agents: read, confirm, reject, split, accept/dismiss/undo merges. Every decision is audited.</summary>
public static class DuplicatesApi
{
    public static void MapDuplicatesApi(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api").RequireAuthorization(Policies.Agent);

        g.MapGet("/conversations/{id:long}/duplicates", (long id, Db db) =>
        {
            using var c = db.Open();
            var conversation = ConversationQueries.Get(c, id);
            if (conversation is null) return Results.NotFound();
            var links = DuplicateLinker.ForConversation(c, id);
            var siblings = Clusters.SiblingsOf(c, null, id)
                .Concat(links.Where(l => l.Status == "rejected").Select(l => l.ConversationA == id ? l.ConversationB : l.ConversationA))
                .Distinct()
                .Select(s => new SiblingView(ConversationQueries.Get(c, s)!, Answers(c, s),
                    links.FirstOrDefault(l => l.ConversationA == s || l.ConversationB == s)))
                .ToList();
            return Results.Ok(new DuplicatesDetail(siblings, links, IdentityLinks.ForCustomer(c, conversation.CustomerId)));
        });

        g.MapPost("/duplicates/links/{id:long}/confirm", (long id, ClaimsPrincipal user, Db db, TimeProvider clock, IBroadcaster hub, DuplicateLinker linker) =>
            InContext(db, clock, hub, ctx => linker.Decide(ctx, id, "confirmed", user.AgentId())));
        g.MapPost("/duplicates/links/{id:long}/reject", (long id, ClaimsPrincipal user, Db db, TimeProvider clock, IBroadcaster hub, DuplicateLinker linker) =>
            InContext(db, clock, hub, ctx => linker.Decide(ctx, id, "rejected", user.AgentId())));
        g.MapPost("/duplicates/conversations/{id:long}/split", (long id, ClaimsPrincipal user, Db db, TimeProvider clock, IBroadcaster hub, DuplicateLinker linker) =>
            InContext(db, clock, hub, ctx => linker.Split(ctx, id, user.AgentId())));

        g.MapPost("/customers/merges/{id:long}/accept", (long id, ClaimsPrincipal user, Db db, TimeProvider clock, IBroadcaster hub, IdentityLinks merges) =>
            InContext(db, clock, hub, ctx => merges.Accept(ctx, id, user.AgentId())));
        g.MapPost("/customers/merges/{id:long}/dismiss", (long id, ClaimsPrincipal user, Db db, TimeProvider clock, IBroadcaster hub, IdentityLinks merges) =>
            InContext(db, clock, hub, ctx => merges.Dismiss(ctx, id, user.AgentId())));
        // "The same person as…" from the customers directory: folded at once, undone like any merge.
        g.MapPost("/customers/{id:long}/merge", async (long id, MergeBody body, ClaimsPrincipal user, Db db, TimeProvider clock, IBroadcaster hub, IdentityLinks merges) =>
        {
            IntakeContext ctx;
            (CustomerMergeView? Merge, Refusal? Error) done;
            using (var c = db.Open())
            using (var tx = c.BeginTransaction())
            {
                ctx = new IntakeContext(c, tx, Db.Now(clock));
                done = merges.MergeByHand(ctx, id, body.Into, user.AgentId());
                if (done.Merge is null) return done.Error is { } refusal ? refusal.Conflict() : Results.NotFound(new { error = "no such customer" });
                tx.Commit();
            }
            ctx.Committed();
            await ctx.FlushAsync(hub);
            return Results.Ok(done.Merge);
        });
        g.MapPost("/customers/merges/{id:long}/undo", (long id, ClaimsPrincipal user, Db db, TimeProvider clock, IBroadcaster hub, IdentityLinks merges) =>
            InContext(db, clock, hub, ctx => merges.Undo(ctx, id, user.AgentId())));
    }

    /// <summary>One transaction per decision; pushes go out after the commit, like the intake's.</summary>
    private static async Task<IResult> InContext<T>(Db db, TimeProvider clock, IBroadcaster hub, Func<IntakeContext, T?> action)
    {
        IntakeContext ctx;
        T? result;
        using (var c = db.Open())
        using (var tx = c.BeginTransaction())
        {
            ctx = new IntakeContext(c, tx, Db.Now(clock));
            result = action(ctx);
            tx.Commit();
        }
        ctx.Committed();
        await ctx.FlushAsync(hub);
        return result is null ? Results.NotFound() : Results.Ok(result);
    }

    private static IReadOnlyList<AnswerView> Answers(System.Data.Common.DbConnection c, long conversationId) =>
        c.Query<AnswerView>("""
            SELECT m.id AS Id, m.display_text AS Text, m.sent_at AS SentAt, a.display_name AS AgentName, m.status AS Status
            FROM messages m LEFT JOIN agents a ON a.id = m.agent_id
            WHERE m.conversation_id = @conversationId AND m.direction = 'out' ORDER BY m.sent_at
            """, new { conversationId }).AsList();
}
