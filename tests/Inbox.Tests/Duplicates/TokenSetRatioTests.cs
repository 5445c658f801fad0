using FuzzySharp;
using FuzzySharp.PreProcess;
using Inbox.Core.Duplicates;

namespace Inbox.Tests.Duplicates;

public sealed class TokenSetRatioTests
{
    [Theory]
    [InlineData("")]      // invariant: the CI's and a C.UTF-8 machine's
    [InlineData("fr-FR")]
    [InlineData("en-US")]
    [InlineData("da-DK")] // "aa" sorts after "z": plain words are not in ordinal order there
    public void EqualsFuzzySharpsTokenSetRatioOnRealTextPairs(string culture)
    {
        var before = System.Globalization.CultureInfo.CurrentCulture;
        System.Globalization.CultureInfo.CurrentCulture = System.Globalization.CultureInfo.GetCultureInfo(culture);
        try { CompareWithFuzzySharp(); }
        finally { System.Globalization.CultureInfo.CurrentCulture = before; }
    }

    [Fact]
    public void PlainTokensSkipTheCultureOnlyWhereItOrdersThemTheSameWay()
    {
        foreach (var c in new[] { "", "en-US", "fr-FR", "en-GB" })
            Assert.True(TokenSetRatio.PlainOrderHolds(System.Globalization.CultureInfo.GetCultureInfo(c).CompareInfo), c);
        Assert.False(TokenSetRatio.PlainOrderHolds(System.Globalization.CultureInfo.GetCultureInfo("da-DK").CompareInfo));
    }

    private static void CompareWithFuzzySharp()
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
        texts.AddRange(["", "a", "a a", "b a", "~card ~order", "order ~order", "aa z zz ab 10 9 a1 b0", "zz aa ab 9 10 b0 a1 x",
            "~ ~a a~ a ~card card0 ~0 0", "card ~card~ ~~ c~rd ma-12 ma12 ~ma"]);
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

    [Fact]
    public void BitParallelLcsEqualsTheTextbookTable()
    {
        var random = new Random(7);
        const string alphabet = "abcde éü~0";
        for (var i = 0; i < 3000; i++)
        {
            var x = new string(Enumerable.Range(0, random.Next(0, i % 10 == 0 ? 400 : 90)).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray());
            var y = new string(Enumerable.Range(0, random.Next(0, i % 7 == 0 ? 300 : 70)).Select(_ => alphabet[random.Next(i % 3 == 0 ? 3 : alphabet.Length)]).ToArray());
            Assert.True(Table(x, y) == TokenSetRatio.Lcs(x, y), $"'{x}' '{y}'");
        }
    }

    /// <summary>The O(|x|·|y|) dynamic programme, as a reference.</summary>
    private static int Table(string x, string y)
    {
        var t = new int[x.Length + 1, y.Length + 1];
        for (var i = 1; i <= x.Length; i++)
            for (var j = 1; j <= y.Length; j++)
                t[i, j] = x[i - 1] == y[j - 1] ? t[i - 1, j - 1] + 1 : Math.Max(t[i - 1, j], t[i, j - 1]);
        return t[x.Length, y.Length];
    }
}
