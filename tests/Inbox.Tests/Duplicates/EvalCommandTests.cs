using Inbox.Cli;
using Inbox.Core.Replay;

namespace Inbox.Tests.Duplicates;

public sealed class EvalCommandTests
{
    /// <summary>
    /// A small scenario: one person by email then Messenger (same order), a request split over two WhatsApp
    /// messages, and a hard negative (another person, the same sentence, minutes later).
    /// </summary>
    private const string Scenario = """
        {"id":"s1","at":"2026-03-02T09:00:00Z","channel":"email","direction":"in","customer":{"name":"Marie Dupont","email":"marie.dupont@example.fr"},"subject":"Commande MA-4471234 jamais reçue","text":"Bonjour,\n\nMa commande MA-4471234 n'est jamais arrivée. Pouvez-vous vérifier ?\n\nCordialement,\nMarie Dupont"}
        {"id":"s2","at":"2026-03-02T09:10:00Z","channel":"messenger","direction":"in","customer":{"name":"Jules Petit","psid":"7100000000777"},"text":"ma commande n'est jamais arrivée, pouvez-vous vérifier ?"}
        {"id":"s3","at":"2026-03-02T09:40:00Z","channel":"messenger","direction":"in","customer":{"name":"Marie Dupont","psid":"7100000000123"},"text":"bonjour, ma commande MA-4471234 n'est jamais arrivée, pouvez-vous vérifier ?"}
        {"id":"s4","at":"2026-03-02T10:00:00Z","channel":"whatsapp","direction":"in","customer":{"name":"Tom Baker","wa_id":"447700900111"},"text":"hello, I was charged twice for the same purchase"}
        {"id":"s5","at":"2026-03-02T10:01:00Z","channel":"whatsapp","direction":"in","customer":{"name":"Tom Baker","wa_id":"447700900111"},"text":"it's the 45.90 EUR payment"}
        {"id":"s6","at":"2026-03-02T10:30:00Z","channel":"email","direction":"out","in_reply_to":"s1","agent":"agent1","text":"Bonjour, votre commande arrive demain."}
        """;

    [Fact]
    public async Task EvalOfASmallScenarioGivesExactlyTheExpectedPairs()
    {
        var path = Path.Combine(Path.GetTempPath(), $"eval-{Guid.NewGuid():N}.jsonl");
        await File.WriteAllTextAsync(path, Scenario.Replace("\r", ""));
        try
        {
            var export = await EvalCommand.ReplayAndExportAsync(Inbox.Core.Replay.Scenario.Load(path), direct: false);
            Assert.Equal([["s1", "s3"], ["s4", "s5"]], export.DuplicatePairs);
            var gold = new ScenarioGold([["s1", "s3"], ["s4", "s5"]], [], []);
            var score = ScenarioGold.Score(export.DuplicatePairs, gold.DuplicatePairs());
            Assert.Equal(1.0, score.F1);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void PairScoresCountEachPairOnceWhateverItsOrder()
    {
        var gold = new ScenarioGold([["a", "b", "c"]], [], []);
        var score = ScenarioGold.Score([["b", "a"], ["a", "b"], ["a", "d"]], gold.DuplicatePairs());
        Assert.Equal((1, 1, 2), (score.TruePositives, score.FalsePositives, score.FalseNegatives));
    }
}
