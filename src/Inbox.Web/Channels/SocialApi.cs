using System.Security.Claims;
using Dapper;
using Inbox.Core.Audit;
using Inbox.Core.Channels.Social;
using Inbox.Core.Model;
using Inbox.Core.Outbox;
using Inbox.Core.Replies;
using Inbox.Core.Storage;
using Inbox.Web.Auth;

namespace Inbox.Web.Channels;

public sealed record PrivateReplyBody(string Text, string? ClientRef, bool Confirmed = false);

/// <summary>Compose-box rules (length, messaging window) and "move a public conversation to private".</summary>
public static class SocialApi
{
    public static void MapSocialApi(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/conversations/{id:long}").RequireAuthorization(Policies.Agent);
        g.MapGet("/compose", Compose);
        g.MapPost("/private", MovePrivateAsync);
    }

    private sealed record ConvRow
    {
        public long Id { get; init; } public long CustomerId { get; init; } public long IdentityId { get; init; }
        public string Channel { get; init; } = ""; public string Account { get; init; } = ""; public bool IsPublic { get; init; }
        public long? LastInboundAt { get; init; } public string? LastInboundExternalId { get; init; }
    }

    private static ConvRow? Load(System.Data.Common.DbConnection c, long id) => c.QuerySingleOrDefault<ConvRow>("""
        SELECT cv.id AS Id, cv.customer_id AS CustomerId, cv.identity_id AS IdentityId, cv.channel AS Channel, cv.account AS Account,
               cv.is_public AS IsPublic, cv.last_inbound_at AS LastInboundAt,
               (SELECT m.external_id FROM messages m WHERE m.conversation_id = cv.id AND m.direction = 'in' ORDER BY m.sent_at DESC LIMIT 1) AS LastInboundExternalId
        FROM conversations cv WHERE cv.id = @id
        """, new { id });

    private static IResult Compose(long id, Db db, OutboxProcessor outbox, TimeProvider clock)
    {
        using var c = db.Open();
        var conv = Load(c, id);
        if (conv is null) return Results.NotFound();
        var draft = new Outbound { ConversationId = conv.Id, Channel = conv.Channel, Account = conv.Account, IsPublic = conv.IsPublic, LastInboundAt = conv.LastInboundAt };
        var info = outbox.Sender(conv.Channel) is IComposeRules rules
            ? rules.Describe(draft, Db.Now(clock))
            : new ComposeInfo(conv.Channel, conv.IsPublic, null, "none");
        return Results.Ok(new
        {
            info.Channel, info.IsPublic, info.MaxLength, info.Window, info.OpenUntil, info.Tag, info.Reason, info.ReasonFr,
            canMovePrivate = conv.IsPublic && conv.Channel is ChannelName.X or ChannelName.Messenger or ChannelName.Instagram,
        });
    }

    /// <summary>
    /// Answers a public X mention by DM, or a Page or Instagram comment by a private reply: the reply goes to the
    /// customer's private conversation on that channel and account, opened here when there is none.
    /// </summary>
    private static async Task<IResult> MovePrivateAsync(long id, PrivateReplyBody body, ClaimsPrincipal user, Db db, TimeProvider clock, ReplyService replies, AuditLog audit)
    {
        long target;
        using (var c = db.Open())
        {
            var conv = Load(c, id);
            if (conv is null) return Results.NotFound();
            if (!conv.IsPublic || conv.Channel is not (ChannelName.X or ChannelName.Messenger or ChannelName.Instagram))
                return Results.BadRequest(new { error = "only public X mentions, Page comments and Instagram comments can be moved to private" });
            var now = Db.Now(clock);
            target = c.QueryFirstOrDefault<long?>("""
                SELECT id FROM conversations WHERE identity_id = @IdentityId AND channel = @Channel AND account = @Account
                  AND is_public = 0 AND status <> 'closed' ORDER BY last_message_at DESC LIMIT 1
                """, conv) ?? c.ExecuteScalar<long>("""
                INSERT INTO conversations (customer_id, identity_id, channel, account, is_public, token, created_at, last_message_at,
                                           origin_conversation_id, origin_external_id, origin_at)
                VALUES (@CustomerId, @IdentityId, @Channel, @Account, 0, @token, @now, @now, @Id, @LastInboundExternalId, @LastInboundAt)
                RETURNING id
                """, new { conv.CustomerId, conv.IdentityId, conv.Channel, conv.Account, token = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(8)), now, conv.Id, conv.LastInboundExternalId, conv.LastInboundAt });
            audit.Write(user.AgentId(), "conversation.private", $"conversation:{id}", new { privateConversation = target });
        }
        return await replies.ReplyAsync(new ReplyRequest(target, body.Text, body.ClientRef, body.Confirmed), user.AgentId()) switch
        {
            ReplyResult.Queued q => Results.Created($"/api/conversations/{target}", new { conversationId = target, message = q.Message }),
            ReplyResult.NeedsConfirmation n => Results.Conflict(new { needsConfirmation = true, reasons = n.Reasons, reasonsFr = n.ReasonsFr, conversationId = target }),
            ReplyResult.Refused r => Results.UnprocessableEntity(new { error = r.Reason, errorFr = r.ReasonFr, conversationId = target }),
            _ => Results.NotFound(),
        };
    }
}
