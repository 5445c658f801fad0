using System.Data.Common;
using Dapper;
using Inbox.Core.Intake;

namespace Inbox.Core.Customers;

/// <summary>Maps a channel identity to a customer, creating both on first sight.</summary>
public static class IdentityResolver
{
    /// <summary>Fields: the identity's name, handle and contacts as stored once this message is taken in (the duplicates step reads them).</summary>
    public sealed record Resolved(long CustomerId, long IdentityId, bool Created, IdentityFields Fields);
    public sealed record IdentityFields(string? DisplayName, string? Handle, string? Email, string? Phone);
    private sealed record IdentityRow
    {
        public long Id { get; init; } public long CustomerId { get; init; }
        public string? DisplayName { get; init; } public string? Handle { get; init; } public string? Email { get; init; } public string? Phone { get; init; }
    }

    public static Resolved Resolve(DbConnection c, DbTransaction tx, IdentityInfo who, long now)
    {
        var email = NormalizeEmail(who.Email);
        var phone = NormalizePhone(who.Phone);
        var found = Find(c, tx, who.Channel, who.ExternalId);
        if (found is not null)
        {
            // Names and handles change; keep the latest the platform told us.
            c.Execute("""
                UPDATE identities SET display_name = COALESCE(@DisplayName, display_name), handle = COALESCE(@Handle, handle),
                       email = COALESCE(@email, email), phone = COALESCE(@phone, phone) WHERE id = @id
                """, new { who.DisplayName, who.Handle, email, phone, id = found.IdentityId }, tx);
            var had = found.Fields;
            return found with { Fields = new(who.DisplayName ?? had.DisplayName, who.Handle ?? had.Handle, email ?? had.Email, phone ?? had.Phone) };
        }

        // The same email address or phone number seen on another channel is the same person.
        var customerId =
            (email is null ? null : c.QueryFirstOrDefault<long?>("SELECT customer_id FROM identities WHERE email = @email ORDER BY id LIMIT 1", new { email }, tx))
            ?? (phone is null ? null : c.QueryFirstOrDefault<long?>("SELECT customer_id FROM identities WHERE phone = @phone ORDER BY id LIMIT 1", new { phone }, tx));
        if (customerId is not null) customerId = Canonical(c, tx, customerId.Value);
        var created = customerId is null;
        customerId ??= c.ExecuteScalar<long>(
            "INSERT INTO customers (display_name, created_at) VALUES (@name, @now) RETURNING id",
            new { name = DisplayNameFor(who), now }, tx);

        // No row back when the identity was there after all (RETURNING says nothing for a row not inserted).
        var identityId = c.ExecuteScalar<long?>("""
            INSERT INTO identities (customer_id, channel, external_id, handle, display_name, email, phone, created_at)
            VALUES (@customerId, @Channel, @ExternalId, @Handle, @DisplayName, @email, @phone, @now)
            ON CONFLICT (channel, external_id) DO NOTHING RETURNING id
            """, new { customerId, who.Channel, who.ExternalId, who.Handle, who.DisplayName, email, phone, now }, tx);
        if (identityId is null) return Find(c, tx, who.Channel, who.ExternalId)!;
        return new Resolved(customerId.Value, identityId.Value, created, new(who.DisplayName, who.Handle, email, phone));
    }

    private static Resolved? Find(DbConnection c, DbTransaction tx, string channel, string externalId)
    {
        var row = c.QuerySingleOrDefault<IdentityRow>(
            "SELECT id, customer_id, display_name, handle, email, phone FROM identities WHERE channel = @channel AND external_id = @externalId",
            new { channel, externalId }, tx);
        return row is null ? null : new Resolved(Canonical(c, tx, row.CustomerId), row.Id, false, new(row.DisplayName, row.Handle, row.Email, row.Phone));
    }

    /// <summary>Follows merged_into to the customer that now holds this one's identities.</summary>
    public static long Canonical(DbConnection c, DbTransaction? tx, long customerId)
    {
        for (var hops = 0; hops < 16; hops++)
        {
            var next = c.QuerySingleOrDefault<long?>("SELECT merged_into FROM customers WHERE id = @customerId", new { customerId }, tx);
            if (next is null) return customerId;
            customerId = next.Value;
        }
        return customerId;
    }

    public static string DisplayNameFor(IdentityInfo who) =>
        FirstNonEmpty(who.DisplayName, who.Handle is null ? null : "@" + who.Handle, who.Email, who.Phone is null ? null : "+" + who.Phone, who.ExternalId);

    public static string? NormalizeEmail(string? email) =>
        string.IsNullOrWhiteSpace(email) ? null : email.Trim().ToLowerInvariant();

    /// <summary>Digits only, no leading plus or zeros of an international prefix ("+33 6 12" → "33612").</summary>
    public static string? NormalizePhone(string? phone)
    {
        if (string.IsNullOrWhiteSpace(phone)) return null;
        var digits = new string(phone.Where(char.IsAsciiDigit).ToArray()).TrimStart('0');
        return digits.Length >= 6 ? digits : null;
    }

    private static string FirstNonEmpty(params string?[] values) => values.First(v => !string.IsNullOrWhiteSpace(v))!.Trim();
}
