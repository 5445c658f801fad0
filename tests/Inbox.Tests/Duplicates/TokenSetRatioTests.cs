using FuzzySharp;
using FuzzySharp.PreProcess;
using Inbox.Core.Duplicates;

namespace Inbox.Tests.Duplicates;

public sealed class TokenSetRatioTests
{
    [Fact]
    public void EqualsFuzzySharpsTokenSetRatioOnRealTextPairs()
    {
        // Real customer-service wording from the shared scenarios, normalized as the scorer compares it, plus random mixes.
        var texts = File.ReadLines(Path.Combine(Inbox.Tests.Support.Paths.Shared, "data", "scenarios", "dev.jsonl")).Take(600)
            .Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement.TryGetProperty("text", out var t) ? t.GetString() ?? "" : "")
            .Select(t => string.Join(' ', TextNormalizer.Normalize(t).Words.Select(Concepts.Canonical)))
            .ToList();
        var random = new Random(5);
        var words = texts.SelectMany(t => t.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Distinct().ToArray();
        for (var i = 0; i < 300; i++)
            texts.Add(string.Join(' ', Enumerable.Range(0, random.Next(0, 30)).Select(_ => words[random.Next(words.Length)])));
        texts.AddRange(["", "a", "a a", "b a", "~card ~order", "order ~order"]);
        var compared = 0;
        for (var i = 0; i < texts.Count; i++)
            for (var j = i; j < Math.Min(texts.Count, i + 12); j++)
            {
                var expected = Fuzz.TokenSetRatio(texts[i], texts[j], PreprocessMode.None);
                Assert.True(expected == TokenSetRatio.Compute(texts[i], texts[j]), $"'{texts[i]}' | '{texts[j]}': FuzzySharp {expected}, ours {TokenSetRatio.Compute(texts[i], texts[j])}");
                compared++;
            }
        Assert.True(compared > 10_000);
    }
}
