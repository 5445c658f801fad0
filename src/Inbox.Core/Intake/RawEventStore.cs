using System.Data.Common;
using System.Security.Cryptography;
using System.Text.Json;
using Dapper;
using Inbox.Core.Storage;

namespace Inbox.Core.Intake;

public sealed record RawEventSummary { public long Id { get; init; } public string Source { get; init; } = ""; public string? ContentType { get; init; } public long ReceivedAt { get; init; } public string Status { get; init; } = ""; public string? Error { get; init; } public int Attempts { get; init; } public long Size { get; init; } }

/// <summary>The raw_events table: every payload stored before anything can fail.</summary>
public sealed class RawEventStore(Db db, TimeProvider clock)
{
    /// <summary>Stores a payload once. A redelivery (same source and dedupe key, or same bytes) returns the first row.</summary>
    public (long Id, bool Duplicate) Store(string source, string? contentType, IReadOnlyDictionary<string, string> headers, byte[] body, string? dedupeKey = null)
    {
        using var c = db.Open();
        using var tx = c.BeginTransaction();
        var result = StoreBatch(c, tx, [new RawSubmission(source, contentType, headers, body, dedupeKey, Db.Now(clock))])[0];
        tx.Commit();
        return result is AcceptResult.Duplicate d ? (d.RawId, true) : (((AcceptResult.Accepted)result).RawId, false);
    }

    /// <summary>
    /// Stores many payloads in the caller's transaction (group commit by the intake worker). Results come
    /// back in order; a payload that failed to parse is stored as a dead letter with its error.
    /// </summary>
    public static IReadOnlyList<AcceptResult> StoreBatch(DbConnection c, DbTransaction tx, IReadOnlyList<RawSubmission> items)
    {
        var results = new AcceptResult[items.Count];
        for (var i = 0; i < items.Count; i++)
        {
            var s = items[i];
            var dedupeKey = s.Source + ":" + (s.DedupeKey ?? Convert.ToHexStringLower(SHA256.HashData(s.Body)));
            var failed = s.Error is not null;
            var id = c.ExecuteScalar<long?>("""
                INSERT INTO raw_events (source, dedupe_key, content_type, headers, body, received_at, status, error, attempts, processed_at)
                VALUES (@Source, @dedupeKey, @ContentType, @headers, @Body, @ReceivedAt, @status, @Error, @attempts, @processedAt)
                ON CONFLICT (dedupe_key) DO NOTHING RETURNING id
                """, new
            {
                s.Source, dedupeKey, s.ContentType, headers = JsonSerializer.Serialize(s.Headers), s.Body, s.ReceivedAt,
                status = failed ? "failed" : "pending", s.Error, attempts = failed ? 1 : 0, processedAt = failed ? s.ReceivedAt : (long?)null,
            }, tx);
            results[i] = id switch
            {
                null => new AcceptResult.Duplicate(c.ExecuteScalar<long>("SELECT id FROM raw_events WHERE dedupe_key = @dedupeKey", new { dedupeKey }, tx)),
                _ when failed => new AcceptResult.Malformed(id.Value, s.Error!),
                _ => new AcceptResult.Accepted(id.Value, s.Parsed),
            };
        }
        return results;
    }

    public RawEnvelope? Load(long id)
    {
        using var c = db.Open();
        var row = c.QuerySingleOrDefault<RawRow>(
            "SELECT id AS Id, source AS Source, content_type AS ContentType, headers AS Headers, body AS Body, received_at AS ReceivedAt FROM raw_events WHERE id = @id",
            new { id });
        if (row is null) return null;
        var headers = JsonSerializer.Deserialize<Dictionary<string, string>>(row.Headers ?? "{}") ?? [];
        return new RawEnvelope(row.Id, row.Source, row.ContentType, headers, row.Body, row.ReceivedAt);
    }

    public void MarkFailed(long id, string error)
    {
        using var c = db.Open();
        c.Execute("UPDATE raw_events SET status = 'failed', error = @error, attempts = attempts + 1, processed_at = @now WHERE id = @id",
            new { id, error, now = Db.Now(clock) });
    }

    public IReadOnlyList<RawEventSummary> List(string? status, int limit = 200)
    {
        using var c = db.Open();
        return c.Query<RawEventSummary>("""
            SELECT id AS Id, source AS Source, content_type AS ContentType, received_at AS ReceivedAt, status AS Status,
                   error AS Error, attempts AS Attempts, length(body) AS Size
            FROM raw_events WHERE (@status IS NULL OR status = @status) ORDER BY id DESC LIMIT @limit
            """, new { status, limit }).AsList();
    }

    /// <summary>Events to (re)process: pending ones, and failed ones when asked to retry them.</summary>
    public IReadOnlyList<long> Unfinished(bool includeFailed)
    {
        using var c = db.Open();
        return c.Query<long>("SELECT id FROM raw_events WHERE status = 'pending' OR (@includeFailed AND status = 'failed') ORDER BY id",
            new { includeFailed }).AsList();
    }

    private sealed record RawRow { public long Id { get; init; } public string Source { get; init; } = ""; public string? ContentType { get; init; } public string? Headers { get; init; } public byte[] Body { get; init; } = []; public long ReceivedAt { get; init; } }
}
