using System.Data.Common;
using Dapper;

namespace Inbox.Core.Search;

/// <summary>
/// Brings the message search index (migration 0016) up to the newest message. Indexing a few hundred messages at once
/// writes one small segment; indexing each intake transaction's five wrote a segment each and merged them all day.
/// </summary>
public static class SearchIndex
{
    /// <summary>Indexes up to <paramref name="max"/> messages not indexed yet, in the caller's transaction; returns how many.</summary>
    public static int CatchUp(DbConnection c, DbTransaction tx, int max = 2000)
    {
        var last = c.ExecuteScalar<long>("SELECT last_message_id FROM search_progress", transaction: tx);
        var upTo = c.ExecuteScalar<long?>("SELECT MAX(id) FROM (SELECT id FROM messages WHERE id > @last ORDER BY id LIMIT @max)", new { last, max }, tx);
        if (upTo is null) return 0;
        var n = c.Execute("INSERT INTO message_search (rowid, display_text) SELECT id, display_text FROM messages WHERE id > @last AND id <= @upTo",
            new { last, upTo }, tx);
        c.Execute("UPDATE search_progress SET last_message_id = @upTo", new { upTo }, tx);
        return n;
    }
}
