using Inbox.Core.Duplicates;

namespace Inbox.Tests.Duplicates;

public sealed class NameAndChannelEvidenceTests
{
    private const long Hour = 3_600_000;

    private static ConversationDoc Doc(long id, string channel, string text, PersonNames names, long at)
    {
        var d = new ConversationDoc { ConversationId = id, CustomerId = id, Channel = channel, FirstAt = at, LastAt = at, Names = names };
        d.Add(TextNormalizer.Normalize(text), at);
        return d;
    }

    [Fact]
    public void AFirstNameWithTheSurnamesInitialIsTheSameName()
    {
        Assert.Equal(NameMatch.Strong, PersonNames.From("Marie H", null, null).Compare(PersonNames.From("Marie Hall", null, null)));
        Assert.Equal(NameMatch.Strong, PersonNames.From("Rebecca W.", null, null).Compare(PersonNames.From("Rebecca W", null, null)));
        Assert.Equal(NameMatch.Conflict, PersonNames.From("Marie H", null, null).Compare(PersonNames.From("Marie Dupont", null, null)));
    }

    [Fact]
    public void TwoDisplaySurnamesAreComparedWholeAndAHandleByResemblance()
    {
        // "Harris" inside "Harrison" is another family, not the same name written shorter
        Assert.Equal(NameMatch.Conflict, PersonNames.From("E. Harris", null, null).Compare(PersonNames.From("Ethan Harrison", null, null)));
        Assert.Equal(NameMatch.Conflict, PersonNames.From("Juliette Marsh", null, null).Compare(PersonNames.From("J. Marshall", null, null)));
        Assert.Equal(NameMatch.Strong, PersonNames.From("E. Harrison", null, null).Compare(PersonNames.From("Ethan Harrison", null, null)));
        // a handle or an email local part still runs a name together with other letters
        Assert.Equal(NameMatch.Surname, PersonNames.From(null, null, "lguerin@mail.example").Compare(PersonNames.From("Léa Guerin", null, null)));
    }

    [Fact]
    public void AHandleOfTheFirstNameAndTheStartOfTheSurnameIsTheSameName()
    {
        var known = new FirstNames();
        var email = PersonNames.From("Sébastien Aubert", null, "moon.jazz80@mail.example.com", known);
        Assert.Equal(NameMatch.Strong, PersonNames.From("sébastien", "sebastienaub", null, known).Compare(email));
        // two letters are no surname; another surname's start is none either
        Assert.Equal(NameMatch.FirstName, PersonNames.From("sébastien", "sebastienau", null, known).Compare(email));
        Assert.Equal(NameMatch.FirstName, PersonNames.From("sébastien", "sebastienmar", null, known).Compare(email));
    }

    [Fact]
    public void AOneWordFirstNameContradictsAnotherFirstNameButAPseudonymDoesNot()
    {
        var known = new FirstNames();
        var alexandre = PersonNames.From("Alexandre Lefebvre", null, "alexandre.lefebvre@example.fr", known);
        Assert.Equal(NameMatch.Conflict, PersonNames.From("baptiste", "baptiste_b", null, known).Compare(alexandre));
        Assert.Equal(NameMatch.Unknown, PersonNames.From("Nightowl", "nightowl_77", null, known).Compare(alexandre));
        // Learned from a full display name the inbox has seen.
        Assert.False(known.Contains("oceanne"));
        known.Learn(PersonNames.From("Oceanne Roux", null, null));
        Assert.Equal(NameMatch.Conflict, PersonNames.From("Oceanne", null, null, known).Compare(alexandre));
    }

    [Fact]
    public void AMessageThatOnlyFollowsUpOnAnotherChannelIsScoredOnWhoAndWhen()
    {
        const long hour = 3_600_000;
        var email = Doc(1, "email", "Can you help me? I have a duplicate transaction on my account, reference TX-364225.",
            PersonNames.From("Grace Thompson", null, "grace.t@mail.example"), 0);
        var tweet = Doc(2, "x", "@MaisonHelp Contacted you by email yesterday, nothing. can you help me?", PersonNames.From("Grace T.", "gracet", null), 20 * hour);
        Assert.Empty(tweet.Words);
        var score = DuplicateScorer.Score(email, tweet, sameCustomer: false);
        Assert.True(score.Score >= new DuplicateOptions().LinkThreshold, string.Join("; ", score.Evidence));
        Assert.Contains("refers to a message on email", score.Evidence);

        // With nothing said about another channel, or about a channel where the other is not, there is nothing to compare yet.
        var hello = Doc(3, "x", "@MaisonHelp hello, can you help me?", PersonNames.From("Grace T.", "gracet", null), 20 * hour);
        Assert.Equal(double.NegativeInfinity, DuplicateScorer.Score(email, hello, sameCustomer: false).Score);
        var elsewhere = Doc(4, "x", "@MaisonHelp Contacted you on WhatsApp yesterday, nothing.", PersonNames.From("Grace T.", "gracet", null), 20 * hour);
        Assert.Equal(double.NegativeInfinity, DuplicateScorer.Score(email, elsewhere, sameCustomer: false).Score);
    }

    [Fact]
    public void RemarksAboutAnotherChannelAreNotPartOfTheRequestText()
    {
        var n = TextNormalizer.Normalize("my passcode won't work!! I also sent this on Twitter yesterday.");
        Assert.Contains("x", n.ChannelsNamed);
        Assert.Contains("passcode", n.Words);
        Assert.DoesNotContain("sent", n.Words);
        Assert.DoesNotContain("yesterday", n.Words);
        var fr = TextNormalizer.Normalize("Contactés par mail hier, rien. Ma carte est bloquée depuis ce matin.");
        Assert.Contains("email", fr.ChannelsNamed);
        Assert.DoesNotContain("contactes", fr.Words);
        Assert.Contains("bloquee", fr.Words);
    }

    [Fact]
    public void AContentFreeOpeningIsNotLinkedOnNamesAlone()
    {
        var a = Doc(1, "messenger", "i want assistance to cancel purchase MA-9128428", PersonNames.From("Daniel Morris", null, null), 0);
        var b = Doc(2, "x", "hello, I have a problem", PersonNames.From("Daniel M.", null, null), Hour / 2);
        Assert.True(DuplicateScorer.Score(a, b, false).Score < new DuplicateOptions().LinkThreshold);
    }

    [Fact]
    public void TheOnlySimilarMessageOnTheChannelTheCustomerNamedGetsTheBonus()
    {
        var tweet = Doc(1, "x", "@Brand I lost my key, help me recovering it", PersonNames.From("Bluefox", "bluefoxlover82", null), 0);
        var other = Doc(2, "x", "@Brand my parcel never arrived, where is it?", PersonNames.From("Sunny", "sunny_1", null), Hour);
        var chat = Doc(3, "messenger", "I lost my key, help me recovering it!! I also sent this on Twitter yesterday.", PersonNames.From("Jack Hughes", null, null), 18 * Hour);
        var scored = new[] { tweet, other }.Select(o => (o, DuplicateScorer.Score(chat, o, false))).ToList();
        var before = scored[0].Item2.Score;
        DuplicateScorer.PreferOnlyMatch(chat, scored);
        Assert.Equal(before + DuplicateScorer.OnlyMatchBonus, scored[0].Item2.Score, 3);
        Assert.Contains("the only similar message on x", scored[0].Item2.Evidence);
        Assert.True(scored[0].Item2.Score >= new DuplicateOptions().LinkThreshold);

        // Two equally similar tweets: the customer's remark does not say which one, so neither gets it.
        var twin = Doc(4, "x", "@Brand I lost my key, help me recovering it", PersonNames.From("Pixel", "thepixel2", null), 2 * Hour);
        var rivals = new[] { tweet, twin }.Select(o => (o, DuplicateScorer.Score(chat, o, false))).ToList();
        var scores = rivals.Select(r => r.Item2.Score).ToList();
        DuplicateScorer.PreferOnlyMatch(chat, rivals);
        Assert.Equal(scores, rivals.Select(r => r.Item2.Score).ToList());
    }

    [Theory]
    [InlineData("I also sent this on Twitter yesterday.", 20, true)]
    [InlineData("I also sent this on Twitter yesterday.", 80, false)]
    [InlineData("This is my second message, the first one was on Twitter 3 days ago.", 70, true)]
    [InlineData("C'est mon deuxième message, le premier était sur Twitter il y a 2 jours.", 47, true)]
    [InlineData("Je vous ai aussi écrit par mail il y a quelques minutes.", 1, true)]
    [InlineData("Je vous ai aussi écrit par mail il y a quelques minutes.", 30, false)]
    [InlineData("Contactés par mail tout à l'heure, rien.", 5, true)]
    public void TheCustomersRemarkPlacesTheEarlierCopyInTime(string remark, int hoursAgo, bool fits)
    {
        var ago = TextNormalizer.Normalize(remark).RemarkAgo;
        Assert.NotNull(ago);
        Assert.Equal(fits, ago.Value.Contains(hoursAgo * Hour));
    }

    [Fact]
    public void AReferenceWhoseTimingDoesNotFitEarnsNothing()
    {
        var tweet = Doc(1, "x", "@Brand my passcode won't work", PersonNames.From("Bluefox", "bluefox44", null), 0);
        var yesterday = Doc(2, "whatsapp", "my passcode won't work!! I also sent this on Twitter yesterday.", PersonNames.From("Hannah", null, null), 20 * Hour);
        var lastMonth = Doc(3, "whatsapp", "my passcode won't work!! I also sent this on Twitter yesterday.", PersonNames.From("Hannah", null, null), 6 * 24 * Hour);
        var fits = DuplicateScorer.Score(tweet, yesterday, false);
        var late = DuplicateScorer.Score(tweet, lastMonth, false);
        Assert.Contains(fits.Evidence, e => e.Contains("as the customer says"));
        Assert.True(fits.Score > late.Score + DuplicateScorer.ChannelReference);
    }
}
