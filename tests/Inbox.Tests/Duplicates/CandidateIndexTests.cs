using FuzzySharp;
using Inbox.Core.Duplicates;

namespace Inbox.Tests.Duplicates;

public sealed class CandidateIndexTests
{
    private static readonly string[] Texts =
    [
        "Je n'ai toujours pas reçu ma commande MA-4471234, passée il y a 12 jours.",
        "Toujours rien reçu pour ma cde MA-4471234 depuis 12 jours, merci de vérifier",
        "I was charged twice for the same payment, £236.90, please refund me",
        "my card got declined at the shop but my balance is fine",
        "Mon remboursement de 49,90 € n'est toujours pas arrivé",
        "where is my order? it has not arrived",
        "cancel order 88812345 please, wrong size",
        "refund",
        "~ odd tokens ma-123 x9 éàç œuvre",
        "Le colis est arrivé abîmé, la boîte était ouverte et l'article cassé. Je veux un remboursement ou un échange rapidement.",
    ];

    private static ConversationDoc Doc(long id, string text)
    {
        var d = new ConversationDoc { ConversationId = id, CustomerId = id, Channel = "email", FirstAt = 0, LastAt = 0, Names = PersonNames.From(null, null, null) };
        d.Add(TextNormalizer.Normalize(text), 0);
        return d;
    }

    [Fact]
    public void TextCeilingIsNeverBelowFuzzySharpsTokenSetRatio()
    {
        var docs = Texts.Select((t, i) => Doc(i, t)).ToList();
        var random = new Random(3);
        var words = Texts.SelectMany(t => t.Split(' ')).ToArray();
        for (var i = 0; i < 300; i++)
            docs.Add(Doc(100 + i, string.Join(' ', Enumerable.Range(0, random.Next(1, 25)).Select(_ => words[random.Next(words.Length)]))));
        var below = 0;
        foreach (var a in docs)
            foreach (var b in docs.Take(60))
            {
                var ratio = Fuzz.TokenSetRatio(a.Content, b.Content);
                var ceiling = TextBound.TokenSetRatioCeiling(a, b);
                Assert.True(ratio <= ceiling, $"{a.Content} | {b.Content}: {ratio} > {ceiling}");
                if (ceiling < 100) below++;
            }
        Assert.True(below > 1000, "the ceiling never rules anything out");
    }

    [Fact]
    public void RunTogetherHandleFindsTheSurnameAndTheOtherWayRound()
    {
        var index = new CandidateIndex(new DuplicateOptions());
        index.Add(1, 1, "email", PersonNames.From(null, null, "lguerin@mail.example"), [], TextNormalizer.Normalize("my parcel never arrived, order late"), 0);
        index.Add(2, 2, "email", PersonNames.From("Marion Petit", null, null), [], TextNormalizer.Normalize("my parcel never arrived, order late"), 0);
        var query = index.Add(3, 3, "messenger", PersonNames.From("Léa Guerin", null, null), [], TextNormalizer.Normalize("parcel never arrived"), 1000);
        // the same words within the hour make the others candidates too, but the resembling name ranks first
        Assert.Equal(1L, index.Candidates(query, 1000)[0].ConversationId);
        var marie = index.Add(4, 4, "x", PersonNames.From(null, "mariepetit", null), [], TextNormalizer.Normalize("parcel never arrived"), 2000);
        // "petit" sits at the edge of the handle; "mari" is an edge of both "marie…" and "marion" but no resemblance
        Assert.Equal(2L, index.Candidates(marie, 2000)[0].ConversationId);
    }

    [Fact]
    public void SweepDropsExpiredConversationsAndKeepsFindingTheOthers()
    {
        var options = new DuplicateOptions { WindowDays = 1 };
        var index = new CandidateIndex(options);
        var names = PersonNames.From("Katie Watson", null, null);
        index.Add(1, 1, "email", names, [], TextNormalizer.Normalize("charged twice MA-1000123"), 0);
        index.Add(2, 2, "email", names, [], TextNormalizer.Normalize("charged twice MA-1000123"), 2 * 86_400_000L);
        index.Sweep(2 * 86_400_000L);
        Assert.Null(index.Get(1));
        var q = index.Add(3, 3, "x", names, [], TextNormalizer.Normalize("charged twice MA-1000123"), 2 * 86_400_000L + 1);
        Assert.Equal([2L], index.Candidates(q, 2 * 86_400_000L + 1).Select(c => c.ConversationId));
    }

    [Fact]
    public void SameWordingWithinTheHourLinksInAQuietWindowButNotInABusyOne()
    {
        const string text = "Le colis est arrivé abîmé, la boîte était ouverte et l'article cassé.";
        const long hour = 3_600_000;
        var options = new DuplicateOptions();
        DuplicateScore ScorePair(int strangersPerHour)
        {
            var index = new CandidateIndex(options);
            // a day of traffic, with this many strangers an hour writing the same thing
            for (var i = 0; i < 24 * strangersPerHour; i++)
                index.Add(100 + i, 100 + i, "email", PersonNames.From($"Person{i}", null, null), [], TextNormalizer.Normalize(text), i * 24 * hour / Math.Max(1, 24 * strangersPerHour));
            var a = index.Add(1, 1, "email", PersonNames.From("Bluefox", null, null), [], TextNormalizer.Normalize(text), 24 * hour);
            var b = index.Add(2, 2, "messenger", PersonNames.From("Pixel", null, null), [], TextNormalizer.Normalize(text), 24 * hour + 600_000);
            return DuplicateScorer.Score(b, a, false, options.LinkThreshold, index.Rarity);
        }
        Assert.True(ScorePair(0).Score >= options.LinkThreshold);
        var busy = ScorePair(20);
        Assert.True(busy.Score < options.LinkThreshold, string.Join("; ", busy.Evidence));
        Assert.Contains(busy.Evidence, e => e.StartsWith("common wording"));
    }
    [Fact]
    public void FirstInitialAndSurnameCountAsCommonWhenManySendersShowThem()
    {
        const long hour = 3_600_000;
        var options = new DuplicateOptions();
        DuplicateScore ScorePair(int namesakesPerHour)
        {
            var index = new CandidateIndex(options);
            // a day of traffic in which this many other senders an hour are "L… Girard" (Louis, Léa, Lucas…)
            for (var i = 0; i < 24 * namesakesPerHour; i++)
                index.Add(100 + i, 100 + i, "email", PersonNames.From($"L{(char)('a' + i % 26)}{(char)('a' + i / 26 % 26)}x Girard", null, null), [],
                    TextNormalizer.Normalize("question about something else entirely " + i), i * 24 * hour / Math.Max(1, 24 * namesakesPerHour));
            var a = index.Add(1, 1, "messenger", PersonNames.From("Li Girard", null, null), [], TextNormalizer.Normalize("my address is wrong on my file"), 24 * hour);
            var b = index.Add(2, 2, "x", PersonNames.From("L. Girard", null, null), [], TextNormalizer.Normalize("when will my new card be delivered"), 24 * hour + 600_000);
            return DuplicateScorer.Score(b, a, false, options.LinkThreshold, index.Rarity);
        }
        var quiet = ScorePair(0);
        var busy = ScorePair(10);
        Assert.Contains("same name", quiet.Evidence);
        Assert.Contains(busy.Evidence, e => e.StartsWith("same name (common:"));
        Assert.True(busy.Score <= quiet.Score - 1, $"{quiet.Score} vs {busy.Score}: {string.Join("; ", busy.Evidence)}");
    }

    [Fact]
    public void ACustomerWhoNamesTheOtherChannelIsFoundTherePastACommonNamesNewestPostings()
    {
        const long hour = 3_600_000;
        var options = new DuplicateOptions();
        var index = new CandidateIndex(options);
        index.Add(1, 1, "email", PersonNames.From("Marie Griffiths", null, null), [], TextNormalizer.Normalize("I think there is an extra charge on my transfer"), 0);
        // then more "Marie G." on other channels than a name's postings are read, many writing the same words
        for (var i = 0; i < options.MaxPostingsPerName + 100; i++)
            index.Add(100 + i, 100 + i, i % 2 == 0 ? "x" : "whatsapp", PersonNames.From($"Marie G{(char)('a' + i % 26)}{(char)('a' + i / 26 % 26)}", null, null), [],
                TextNormalizer.Normalize("I think there is an extra charge on my transfer"), hour + i * 1000);
        var at = 30 * hour;
        var query = index.Add(2, 2, "messenger", PersonNames.From("Marie G.", null, null), [],
            TextNormalizer.Normalize("I think there is an extra charge on my transfer. I already wrote to you by email yesterday."), at);
        Assert.Contains(index.Candidates(query, at), d => d.ConversationId == 1);
        // without naming the email channel, the old email is past the name's newest postings
        var silent = index.Add(3, 3, "messenger", PersonNames.From("Marie G.", null, null), [], TextNormalizer.Normalize("I think there is an extra charge on my transfer"), at + 1000);
        Assert.DoesNotContain(index.Candidates(silent, at + 1000), d => d.ConversationId == 1);
    }

    [Fact]
    public void AHandleOfTheFirstNameAndTheSurnamesStartIsFoundPastACommonFirstNamesNewestPostings()
    {
        const long hour = 3_600_000;
        var options = new DuplicateOptions();
        var index = new CandidateIndex(options);
        const string text = "my card payment was declined twice this morning";
        var known = new FirstNames();
        index.Add(1, 1, "x", PersonNames.From("sebastien", "sebastienaub", null, known), [], TextNormalizer.Normalize(text), 0);
        // then more Sébastiens, none of them an A…, than a name's and a word's postings are read
        for (var i = 0; i < options.MaxPostingsPerName + 100; i++)
            index.Add(100 + i, 100 + i, "whatsapp", PersonNames.From($"Sebastien B{(char)('a' + i % 26)}{(char)('a' + i / 26 % 26)}", null, null, known), [],
                TextNormalizer.Normalize(text), hour + i * 1000);
        var at = 30 * hour;
        var query = index.Add(2, 2, "email", PersonNames.From("Sébastien Aubert", null, null, known), [], TextNormalizer.Normalize(text), at);
        Assert.Contains(index.Candidates(query, at), d => d.ConversationId == 1);
    }

    [Fact]
    public void AFullNameIsFoundPastTheNewestPostingsOfItsFirstNameSurnameAndInitials()
    {
        const long hour = 3_600_000;
        var options = new DuplicateOptions();
        var index = new CandidateIndex(options);
        const string text = "my card payment was declined twice this morning";
        var known = new FirstNames();
        index.Add(1, 1, "x", PersonNames.From("Marie Martin", null, null, known), [], TextNormalizer.Normalize(text), 0);
        // then more Maries with another M… surname, and more M… Martins, than a name's and a word's postings are read
        var more = options.MaxPostingsPerName + 100;
        for (var i = 0; i < more; i++)
        {
            var (x, y) = ((char)('a' + i % 26), (char)('a' + i / 26 % 26));
            index.Add(100 + i, 100 + i, "whatsapp", PersonNames.From($"Marie M{x}{y}ot", null, null, known), [], TextNormalizer.Normalize(text), hour + i * 1000);
            index.Add(100 + more + i, 100 + more + i, "whatsapp", PersonNames.From($"M{x}{y}ine Martin", null, null, known), [], TextNormalizer.Normalize(text), hour + i * 1000 + 500);
        }
        var at = 30 * hour;
        var query = index.Add(2, 2, "email", PersonNames.From("Marie Martin", null, null, known), [], TextNormalizer.Normalize(text), at);
        Assert.Contains(index.Candidates(query, at), d => d.ConversationId == 1);
    }
}
