using System.Data.Common;
using Dapper;

namespace Inbox.Core.Reports;

public sealed record CheckRate(string Check, int Applicable, int Passed, double? Share);

/// <summary>Scores of one agent or channel: average grid score, and how many answers failed at least one check.</summary>
public sealed record GroupScore(string Key, string Label, int Answers, double? AverageScore, int Failing);

public sealed record GridSummary
{
    public int Answers { get; init; }
    public double? AverageScore { get; init; }
    public IReadOnlyList<CheckRate> Checks { get; init; } = [];
    public IReadOnlyList<GroupScore> ByAgent { get; init; } = [];
    public IReadOnlyList<GroupScore> ByChannel { get; init; } = [];
}

public sealed record GradedAnswer(long MessageId, long ConversationId, string Channel, long? AgentId, string? Agent, long SentAt,
    string Text, string Request, double Score, IReadOnlyList<CheckResult> Checks);

public sealed record GridFilter(long? AgentId = null, string? Channel = null, string? Check = null, bool FailingOnly = false);

/// <summary>Grades every brand answer sent in a period and aggregates the grid per agent and per channel.</summary>
public static class GridReport
{
    public static IReadOnlyList<GradedAnswer> Answers(DbConnection c, long from, long to, string lang, IReadOnlySet<long>? onlyConversations = null)
    {
        var answers = c.Query<AnswerRow>("""
            SELECT m.id AS MessageId, m.conversation_id AS ConversationId, cv.channel AS Channel, m.agent_id AS AgentId, a.display_name AS Agent,
                   m.text AS Text, m.sent_at AS SentAt, COALESCE(i.display_name, cu.display_name) AS CustomerName
            FROM messages m
            JOIN conversations cv ON cv.id = m.conversation_id
            JOIN identities i ON i.id = cv.identity_id
            JOIN customers cu ON cu.id = cv.customer_id
            LEFT JOIN agents a ON a.id = m.agent_id
            WHERE m.direction = 'out' AND cv.is_automated = 0 AND cv.spam_at IS NULL AND m.redacted_at IS NULL AND m.sent_at >= @from AND m.sent_at < @to
            ORDER BY m.sent_at, m.id
            """, new { from, to }).Where(a => onlyConversations is null || onlyConversations.Contains(a.ConversationId)).ToList();
        // The threads of the answered conversations, by subquery: a period can hold more conversations than SQLite takes parameters.
        var thread = c.Query<ThreadRow>("""
            SELECT conversation_id AS ConversationId, direction AS Direction, sent_at AS SentAt, display_text AS DisplayText
            FROM messages WHERE sent_at < @to
              AND conversation_id IN (SELECT conversation_id FROM messages WHERE direction = 'out' AND sent_at >= @from AND sent_at < @to)
            ORDER BY sent_at, id
            """, new { from, to }).ToLookup(m => m.ConversationId);
        // The team's reference answers as they stand now (the check is left out when there are none).
        var references = c.Query<(string Title, string Body, string? Language)>("SELECT title, body, language FROM saved_replies WHERE reference = 1 ORDER BY id")
            .Select(r => new ReferenceAnswer(r.Title, r.Language, Consistency.FactExtractor.Extract(r.Body))).ToList();
        return answers.Select(a =>
        {
            var request = RequestOf(thread[a.ConversationId].ToList(), a.SentAt);
            var grade = AnswerGrid.Grade(new GradeInput(a.Text, a.Channel, a.CustomerName, request, references.Count == 0 ? null : references), lang);
            return new GradedAnswer(a.MessageId, a.ConversationId, a.Channel, a.AgentId, a.Agent, a.SentAt, a.Text, request, grade.Score, grade.Checks);
        }).ToList();
    }

    /// <summary>The inbound messages this answer replies to: those since the previous brand message (or the last one before it).</summary>
    private static string RequestOf(IReadOnlyList<ThreadRow> thread, long answeredAt)
    {
        var before = thread.Where(m => m.SentAt <= answeredAt).ToList();
        var lastOut = before.FindLastIndex(m => m.Direction == "out" && m.SentAt < answeredAt);
        var pending = before.Skip(lastOut + 1).Where(m => m.Direction == "in").Select(m => m.DisplayText).ToList();
        if (pending.Count == 0 && before.LastOrDefault(m => m.Direction == "in") is { } last) pending.Add(last.DisplayText);
        return string.Join("\n", pending);
    }

    public static IEnumerable<GradedAnswer> Filter(IEnumerable<GradedAnswer> answers, GridFilter f) => answers.Where(a =>
        (f.AgentId is null || a.AgentId == f.AgentId) && (f.Channel is null || a.Channel == f.Channel)
        && (f.Check is null || a.Checks.Any(x => x.Check == f.Check && (!f.FailingOnly || x.Passed == false)))
        && (!f.FailingOnly || a.Checks.Any(x => x.Passed == false)));

    public static GridSummary Summarize(IReadOnlyList<GradedAnswer> answers) => new()
    {
        Answers = answers.Count,
        AverageScore = Average(answers),
        // A check no answer carries (the reference check, where the team has no reference answer) is left out.
        Checks = AnswerGrid.CheckNames.Where(name => name != AnswerGrid.Reference || answers.Any(a => a.Checks.Any(x => x.Check == name))).Select(name =>
        {
            var results = answers.Select(a => a.Checks.FirstOrDefault(x => x.Check == name)).OfType<CheckResult>().Where(x => x.Passed is not null).ToList();
            var passed = results.Count(x => x.Passed == true);
            return new CheckRate(name, results.Count, passed, Stats.Share(passed, results.Count));
        }).ToList(),
        ByAgent = answers.GroupBy(a => a.AgentId).OrderBy(g => g.Key)
            .Select(g => Group(g.Key?.ToString() ?? "", g.First().Agent ?? "", g.ToList())).ToList(),
        ByChannel = answers.GroupBy(a => a.Channel).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => Group(g.Key, g.Key, g.ToList())).ToList(),
    };

    private static GroupScore Group(string key, string label, IReadOnlyList<GradedAnswer> answers) =>
        new(key, label, answers.Count, Average(answers), answers.Count(a => a.Checks.Any(x => x.Passed == false)));

    private static double? Average(IReadOnlyList<GradedAnswer> answers) => answers.Count == 0 ? null : answers.Average(a => a.Score);

    private sealed record AnswerRow
    {
        public long MessageId { get; init; }
        public long ConversationId { get; init; }
        public string Channel { get; init; } = "";
        public long? AgentId { get; init; }
        public string? Agent { get; init; }
        public string Text { get; init; } = "";
        public long SentAt { get; init; }
        public string? CustomerName { get; init; }
    }

    private sealed record ThreadRow
    {
        public long ConversationId { get; init; }
        public string Direction { get; init; } = "";
        public long SentAt { get; init; }
        public string DisplayText { get; init; } = "";
    }
}
