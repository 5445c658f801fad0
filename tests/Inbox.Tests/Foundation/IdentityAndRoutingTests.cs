using Dapper;
using Inbox.Core.Conversations;
using Inbox.Core.Customers;
using Inbox.Core.Intake;
using Inbox.Core.Storage;
using Inbox.Tests.Support;

namespace Inbox.Tests.Foundation;

/// <summary>Identity resolution and conversation routing on a real SQLite file, without the web host.</summary>
public sealed class IdentityAndRoutingTests : IDisposable
{
    private readonly TempDatabase _temp = new();
    private Db _db => _temp.Db;

    public void Dispose() => _temp.Dispose();

    private IdentityResolver.Resolved Resolve(IdentityInfo who)
    {
        using var c = _db.Open();
        using var tx = c.BeginTransaction();
        var r = IdentityResolver.Resolve(c, tx, who, 1);
        tx.Commit();
        return r;
    }

    [Fact]
    public void TheSameIdentityResolvesToTheSameCustomer()
    {
        var a = Resolve(new IdentityInfo("messenger", "psid-1", "Marie"));
        var b = Resolve(new IdentityInfo("messenger", "psid-1", "Marie D."));
        Assert.Equal(a.IdentityId, b.IdentityId);
        Assert.True(a.Created);
        Assert.False(b.Created);
    }

    [Fact]
    public void AnEmailAddressSeenOnAnotherChannelIsTheSameCustomer()
    {
        var mail = Resolve(new IdentityInfo("email", "marie@example.fr", "Marie", Email: "Marie@Example.fr"));
        var chat = Resolve(new IdentityInfo("webchat", "visitor-9", null, Email: "marie@example.fr "));
        Assert.Equal(mail.CustomerId, chat.CustomerId);
        Assert.NotEqual(mail.IdentityId, chat.IdentityId);
    }

    [Fact]
    public void DifferentPeopleWithTheSameNameStayApart()
    {
        var a = Resolve(new IdentityInfo("x", "111", "Marie"));
        var b = Resolve(new IdentityInfo("messenger", "222", "Marie"));
        Assert.NotEqual(a.CustomerId, b.CustomerId);
    }

    [Theory]
    [InlineData("+33 6 12 34 56 78", "33612345678")]
    [InlineData("0033612345678", "33612345678")]
    [InlineData("16505551234", "16505551234")]
    [InlineData("12", null)]
    public void PhoneNumbersAreComparedAsDigits(string raw, string? expected) =>
        Assert.Equal(expected, IdentityResolver.NormalizePhone(raw));

    [Fact]
    public void ChatMessagesJoinTheConversationWithinTheIdleGapAndOpenANewOneAfter()
    {
        var options = new ConversationOptions { IdleGapMinutes = 15 };
        long Route(long at)
        {
            using var c = _db.Open();
            using var tx = c.BeginTransaction();
            var m = new NormalizedMessage { Channel = "messenger", ExternalId = $"m{at}", Customer = new IdentityInfo("messenger", "p1", "P"), Text = "t", SentAt = at };
            var who = IdentityResolver.Resolve(c, tx, m.Customer, at);
            var route = ConversationRouter.Find(c, tx, m, who.CustomerId, who.IdentityId, options, at);
            c.Execute("UPDATE conversations SET last_message_at = @at WHERE id = @id", new { at, id = route.ConversationId }, tx);
            tx.Commit();
            return route.ConversationId;
        }
        var first = Route(0);
        var split = Route(60_000);            // one minute later: the same request split in two messages
        var later = Route(60_000 + 3_600_000); // an hour of silence later: a new conversation
        Assert.Equal(first, split);
        Assert.NotEqual(first, later);
    }
}
