using Dapper;
using Inbox.Core.Audit;
using Inbox.Core.Conversations;
using Inbox.Core.Model;
using Inbox.Core.Realtime;
using Inbox.Core.Storage;

namespace Inbox.Core.Customers;

/// <summary>The team's note on a customer, as pushed to every agent (null: none).</summary>
public sealed record CustomerNoteView(long CustomerId, string? Note);

/// <summary>
/// An agent names a customer ("bluefox42" is Marie Dubois, as she said on the phone). Only the name the inbox shows
/// changes: each identity keeps what its platform calls it, and intake never writes a customer's name after creating
/// it, so the agent's name stays. Every agent's list is told (the rows carry the name). The team's note on the
/// customer is kept here too.
/// </summary>
public sealed class CustomerNames(Db db, TimeProvider clock, IBroadcaster broadcaster)
{
    public const int MaxLength = 120;

    public static Refusal? Validate(string? name) =>
        string.IsNullOrWhiteSpace(name) ? new("the name cannot be empty", "le nom ne peut pas être vide")
        : name.Trim().Length > MaxLength ? new($"a name is at most {MaxLength} characters", $"un nom fait au plus {MaxLength} caractères")
        : null;

    public const int MaxNote = 2000;

    /// <summary>
    /// The team's note on a customer (empty removes it): false when there is no such customer; a refusal when it is too
    /// long or the customer's data was erased. Audited without the words (the log is out of an erasure's reach).
    /// </summary>
    /// <param name="previous">
    /// The note as the agent's page last had it, when given: if a colleague saved another one meanwhile, nothing is
    /// written and <see cref="NoteChanged"/> comes back with the note as it is now (Note), for the agent to choose.
    /// </param>
    public async Task<(bool Found, string? Note, Refusal? Error)> SetNoteAsync(long customerId, string? note, long agentId, string? previous = null)
    {
        var clean = Clean(note);
        if (clean?.Length > MaxNote) return (true, null, new($"a note is at most {MaxNote} characters", $"une note fait au plus {MaxNote} caractères"));
        using (var c = db.Open())
        {
            using var tx = c.BeginTransaction();
            var before = c.QuerySingleOrDefault<(long Id, long? ErasedAt, string? Note)>("SELECT id, erased_at, note FROM customers WHERE id = @customerId", new { customerId }, tx);
            if (before.Id == 0) return (false, null, null);
            if (before.ErasedAt is not null) return (true, null, Erased);
            if (previous is not null && Clean(previous) != before.Note && clean != before.Note) return (true, before.Note, NoteChanged);
            c.Execute("UPDATE customers SET note = @clean WHERE id = @customerId", new { clean, customerId }, tx);
            AuditLog.Write(c, tx, Db.Now(clock), agentId, "customer.note", $"customer:{customerId}");
            tx.Commit();
        }
        await broadcaster.Everyone.CustomerNoteChanged(new CustomerNoteView(customerId, clean));
        return (true, clean, null);
    }

    public static readonly Refusal Erased = new("this customer's data was erased", "les données de ce client ont été effacées");
    public static readonly Refusal NoteChanged = new("a colleague changed this note meanwhile", "un collègue a modifié cette note entre-temps");

    private static string? Clean(string? note) => string.IsNullOrWhiteSpace(note) ? null : note.Replace("\r\n", "\n").Trim();

    /// <summary>The customer as renamed; null when there is no such customer; a refusal when their data was erased.</summary>
    public async Task<(CustomerView? Customer, Refusal? Error)> RenameAsync(long customerId, string name, long agentId)
    {
        var clean = System.Text.RegularExpressions.Regex.Replace(name.Trim(), @"\s+", " ");
        List<ConversationView> rows;
        CustomerView customer;
        using (var c = db.Open())
        {
            using var tx = c.BeginTransaction();
            var before = c.QuerySingleOrDefault<(string Name, long? ErasedAt)>(
                "SELECT display_name, erased_at FROM customers WHERE id = @customerId", new { customerId }, tx);
            if (before.Name is null) return (null, null);
            if (before.ErasedAt is not null) return (null, Erased);
            c.Execute("UPDATE customers SET display_name = @clean WHERE id = @customerId", new { clean, customerId }, tx);
            // Who renamed whom, not the names: the append-only log is out of an erasure's reach, and names are the customer's.
            AuditLog.Write(c, tx, Db.Now(clock), agentId, "customer.rename", $"customer:{customerId}");
            rows = ConversationQueries.List(c, new ConversationFilter(CustomerId: customerId, IncludeAutomated: true, Limit: 500), tx).ToList();
            tx.Commit();
            customer = ConversationQueries.Customer(c, customerId)!;
        }
        foreach (var row in rows) await broadcaster.Everyone.ConversationChanged(row);
        return (customer, null);
    }
}
