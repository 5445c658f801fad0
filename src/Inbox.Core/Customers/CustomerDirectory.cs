using Dapper;
using Inbox.Core.Conversations;
using Inbox.Core.Storage;

namespace Inbox.Core.Customers;

/// <summary>One customer in the directory: their identities, how many conversations (and open ones), when last in touch.</summary>
public sealed record CustomerRow
{
    public long Id { get; init; }
    public string DisplayName { get; init; } = "";
    public string? Note { get; init; }
    public long Conversations { get; init; }
    public long Open { get; init; }
    public long? LastContactAt { get; init; }
    /// <summary>Set while the customer is blocked (their new conversations go to the Spam list).</summary>
    public long? BlockedAt { get; init; }
    public IReadOnlyList<IdentityView> Identities { get; init; } = [];
}

/// <summary>
/// The customers directory: every customer (merged ones under the customer they were folded into), the most recently in
/// touch first, found by any part of their name (case and accents aside) or of an identity (address, handle, phone, platform id).
/// </summary>
public sealed class CustomerDirectory(Db db)
{
    public const int MaxRows = 200;

    public IReadOnlyList<CustomerRow> Search(string? search, int limit = 50)
    {
        var words = (search ?? "").Trim();
        // LIKE is case-blind for ASCII; a phone is matched on its digits ("06 12 34" finds 33612345678's "612345").
        var like = words.Length == 0 ? null : "%" + words.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%";
        var digits = new string(words.Where(char.IsAsciiDigit).ToArray()).TrimStart('0');
        // Names are compared folded (case and accents aside: "zoe" finds "Zoé", "francois" finds "François").
        var folded = words.Length == 0 ? null : Duplicates.TextNormalizer.Fold(words);
        using var c = db.Open();
        if (c is Microsoft.Data.Sqlite.SqliteConnection sqlite)
            sqlite.CreateFunction("inbox_fold_name", (string? text) => text is null ? null : Duplicates.TextNormalizer.Fold(text), isDeterministic: true);
        var rows = c.Query<CustomerRow>("""
            SELECT c.id AS Id, c.display_name AS DisplayName, c.note AS Note, COUNT(cv.id) AS Conversations,
                   COALESCE(SUM(CASE WHEN cv.status <> 'closed' THEN 1 ELSE 0 END), 0) AS Open, MAX(cv.last_message_at) AS LastContactAt,
                   c.blocked_at AS BlockedAt
            FROM customers c LEFT JOIN conversations cv ON cv.customer_id = c.id
            WHERE c.merged_into IS NULL AND (@like IS NULL OR instr(inbox_fold_name(c.display_name), @folded) > 0
                OR EXISTS (SELECT 1 FROM identities i WHERE i.customer_id = c.id AND (i.external_id LIKE @like ESCAPE '\' OR i.handle LIKE @like ESCAPE '\'
                    OR i.email LIKE @like ESCAPE '\' OR instr(inbox_fold_name(i.display_name), @folded) > 0
                    OR (@digits <> '' AND length(@digits) >= 4 AND i.phone LIKE '%' || @digits || '%'))))
            GROUP BY c.id ORDER BY MAX(cv.last_message_at) IS NULL, MAX(cv.last_message_at) DESC, c.id DESC LIMIT @limit
            """, new { like, folded, digits, limit = Math.Clamp(limit, 1, MaxRows) }).AsList();
        if (rows.Count == 0) return rows;
        var identities = c.Query<OwnedIdentity>("""
            SELECT customer_id AS CustomerId, id AS Id, channel AS Channel, external_id AS ExternalId, handle AS Handle, display_name AS DisplayName,
                   email AS Email, phone AS Phone
            FROM identities WHERE customer_id IN @ids ORDER BY id
            """, new { ids = rows.Select(r => r.Id).ToArray() })
            .ToLookup(i => i.CustomerId, i => new IdentityView
            {
                Id = i.Id, Channel = i.Channel, ExternalId = i.ExternalId, Handle = i.Handle, DisplayName = i.DisplayName, Email = i.Email, Phone = i.Phone,
            });
        return rows.Select(r => r with { Identities = identities[r.Id].ToList() }).ToList();
    }

    private sealed record OwnedIdentity
    {
        public long CustomerId { get; init; }
        public long Id { get; init; }
        public string Channel { get; init; } = "";
        public string ExternalId { get; init; } = "";
        public string? Handle { get; init; }
        public string? DisplayName { get; init; }
        public string? Email { get; init; }
        public string? Phone { get; init; }
    }
}
