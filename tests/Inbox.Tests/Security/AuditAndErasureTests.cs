using System.Net;
using System.Net.Http.Json;
using Dapper;
using Inbox.Core.Storage;
using Inbox.Tests.Support;
using Microsoft.Data.Sqlite;
using MimeKit;

namespace Inbox.Tests.Security;

public sealed class AuditAndErasureTests : IAsyncLifetime
{
    private InboxServer _server = null!;
    public async Task InitializeAsync() => _server = await InboxServer.StartAsync();
    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task The_database_refuses_to_update_or_delete_audit_entries()
    {
        using (await _server.LoginAsync()) { } // writes a "login" entry
        using var c = _server.Get<Db>().Open();
        var before = c.ExecuteScalar<long>("SELECT COUNT(*) FROM audit_log");
        Assert.True(before > 0);
        var update = Assert.Throws<SqliteException>(() => c.Execute("UPDATE audit_log SET action = 'nothing'"));
        Assert.Contains("append-only", update.Message);
        var delete = Assert.Throws<SqliteException>(() => c.Execute("DELETE FROM audit_log"));
        Assert.Contains("append-only", delete.Message);
        Assert.Equal(before, c.ExecuteScalar<long>("SELECT COUNT(*) FROM audit_log"));
        Assert.Equal(0, c.ExecuteScalar<long>("SELECT COUNT(*) FROM audit_log WHERE action = 'nothing'"));
    }

    [Fact]
    public async Task An_admin_exports_the_audit_log_as_csv_with_formulas_neutralised()
    {
        using var admin = await _server.LoginAsync();
        var created = await admin.Http.PostAsJsonAsync("/api/admin/agents", new { username = "cmd", displayName = "=cmd() Formula, \"Quoted\"", password = "password-formula", role = "agent" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using (await _server.LoginAsync("cmd", "password-formula")) { } // the agent's name is now in the log's agent column

        using var r = await admin.Http.GetAsync("/api/admin/audit/export");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal("text/csv", r.Content.Headers.ContentType!.MediaType);
        var lines = (await r.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("id,at_utc,agent_id,agent,action,target,details", lines[0]);
        Assert.Contains(lines, l => l.Contains(",login,agent:1,"));
        var create = Assert.Single(lines, l => l.Contains(",agent.create,"));
        Assert.Contains("\"{\"\"Username\"\":\"\"cmd\"\"", create); // JSON quoted per RFC 4180
        // A name a spreadsheet would run as a formula starts with an apostrophe, quoted because of its comma and quotes.
        Assert.Contains(",\"'=cmd() Formula, \"\"Quoted\"\"\",login,", Assert.Single(lines, l => l.Contains("=cmd()")));
        // The export is itself audited, so who read the log is on record.
        Assert.Equal(1, _server.Scalar<long>("SELECT COUNT(*) FROM audit_log WHERE action = 'audit.export'"));
    }

    [Fact]
    public async Task Erasing_a_customer_redacts_content_everywhere_keeps_the_rows_and_is_audited()
    {
        // One customer with two mails (one with an attachment) and an agent reply; another customer untouched.
        var mime = new MimeMessage();
        mime.From.Add(MailboxAddress.Parse("Zoé Martin <zoe@customer.test>"));
        mime.To.Add(MailboxAddress.Parse("support@inbox.local"));
        mime.Subject = "Facture 889";
        mime.MessageId = "erase-1@customer.test";
        var builder = new BodyBuilder { TextBody = "Mon adresse est 12 rue des Lilas, téléphone 0612345678." };
        builder.Attachments.Add("passport.pdf", "%PDF-1.4 passport of Zoé Martin"u8.ToArray(), new ContentType("application", "pdf"));
        mime.Body = builder.ToMessageBody();
        using (var ms = new MemoryStream()) { mime.WriteTo(ms); (await _server.PostEmailAsync(ms.ToArray())).EnsureSuccessStatusCode(); }
        await Wait.UntilAsync(() => _server.Count("messages") == 1);
        var convId = await _server.ReceiveEmailAsync("Zoé Martin <zoe@customer.test>", "Re: Facture 889", "Merci de répondre à zoe@customer.test");
        var otherConv = await _server.ReceiveEmailAsync("Paul <paul@customer.test>", "Other", "Paul's own question");
        using var admin = await _server.LoginAsync();
        Assert.Equal(HttpStatusCode.Created, (await admin.Http.PostAsJsonAsync($"/api/conversations/{convId}/replies", new { text = "Bonjour Zoé, votre facture 889 est réglée.", clientRef = "r1" })).StatusCode);

        var customerId = _server.Scalar<long>("SELECT customer_id FROM conversations WHERE id = @convId", new { convId });
        // A payload that failed to parse but names her, one that does not, a duplicate link and a flag quoting her case.
        Assert.Equal(HttpStatusCode.BadRequest, (await _server.PostEmailAsync("not mime at all, write back to ZOE@customer.test"u8.ToArray())).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await _server.PostEmailAsync("not mime either, from someone else"u8.ToArray())).StatusCode);
        using (var w = _server.Get<Db>().Open())
        {
            w.Execute("INSERT INTO duplicate_links (conversation_a, conversation_b, score, evidence, created_at) VALUES (@a, @b, 3, 'same email address zoe@customer.test', 0)",
                new { a = Math.Min(convId, otherConv), b = Math.Max(convId, otherConv) });
            w.Execute("""
                INSERT INTO consistency_flags (kind, conversation_a, conversation_b, explanation_en, explanation_fr, due_at, created_at)
                VALUES ('missing_answer', @convId, @otherConv, 'email answered Zoé about invoice 889', 'email a répondu à Zoé (facture 889)', 0, 0)
                """, new { convId, otherConv });
        }
        // An unsent draft in her conversation quotes her; one in Paul's does not concern her.
        (await admin.Http.PutAsJsonAsync($"/api/conversations/{convId}/draft", new { text = "Zoé, pour la facture 889 au 12 rue des Lilas…" })).EnsureSuccessStatusCode();
        (await admin.Http.PutAsJsonAsync($"/api/conversations/{otherConv}/draft", new { text = "Paul, about your question" })).EnsureSuccessStatusCode();
        long Rows(string table) => _server.Count(table);
        var counts = new[] { Rows("messages"), Rows("raw_events"), Rows("attachments"), Rows("identities"), Rows("conversations") };

        Assert.Equal(HttpStatusCode.BadRequest, (await admin.Http.PostAsJsonAsync($"/api/admin/customers/{customerId}/erase", new { confirm = false })).StatusCode);
        var erase = await admin.Http.PostAsJsonAsync($"/api/admin/customers/{customerId}/erase", new { confirm = true });
        Assert.Equal(HttpStatusCode.OK, erase.StatusCode);
        var result = await erase.Content.ReadFromJsonAsync<Inbox.Core.Security.ErasureResult>();
        Assert.Equal(3, result!.Messages);

        Assert.Equal(counts, new[] { Rows("messages"), Rows("raw_events"), Rows("attachments"), Rows("identities"), Rows("conversations") });
        using var c = _server.Get<Db>().Open();
        string Dump(string sql) => string.Join("\n", c.Query<string?>(sql, new { customerId }));
        var everything = string.Join("\n",
            Dump("SELECT text || display_text || COALESCE(subject, '') FROM messages WHERE conversation_id IN (SELECT id FROM conversations WHERE customer_id = @customerId)"),
            Dump("SELECT CAST(body AS TEXT) || COALESCE(headers, '') FROM raw_events WHERE id IN (SELECT raw_event_id FROM messages WHERE conversation_id IN (SELECT id FROM conversations WHERE customer_id = @customerId))"),
            Dump("SELECT COALESCE(CAST(content AS TEXT), '') || COALESCE(file_name, '') FROM attachments"),
            Dump("SELECT external_id || COALESCE(display_name, '') || COALESCE(email, '') || COALESCE(handle, '') FROM identities WHERE customer_id = @customerId"),
            Dump("SELECT display_name FROM customers WHERE id = @customerId"),
            Dump("SELECT COALESCE(subject, '') || COALESCE(preview, '') FROM conversations WHERE customer_id = @customerId"),
            Dump("SELECT CAST(body AS TEXT) FROM raw_events WHERE status = 'failed'"),
            Dump("SELECT evidence FROM duplicate_links"),
            Dump("SELECT explanation_en || explanation_fr || COALESCE(details, '') FROM consistency_flags"));
        foreach (var secret in new[] { "Lilas", "0612345678", "zoe@customer.test", "Zoé", "Facture", "passport", "889" })
            Assert.DoesNotContain(secret, everything, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0, c.ExecuteScalar<long>("SELECT COUNT(*) FROM messages WHERE conversation_id = @convId AND (redacted_at IS NULL OR redaction_reason <> 'erasure')", new { convId }));
        // The PDF was stored by email intake; its bytes are gone, its size stays for reports.
        Assert.Equal(1, c.ExecuteScalar<long>("SELECT COUNT(*) FROM attachments WHERE redacted_at IS NOT NULL AND content IS NULL AND size > 0"));
        Assert.Equal(0, c.ExecuteScalar<long>("SELECT COUNT(*) FROM attachments WHERE redacted_at IS NULL"));

        Assert.Equal((1, 1, 1, 1), (result.DeadLetters, result.LinkEvidence, result.Flags, result.Drafts));
        Assert.Equal(["Paul, about your question"], c.Query<string>("SELECT text FROM drafts"));
        Assert.Contains("someone else", everything);

        // The other customer is untouched, and the erasure is on record.
        Assert.Equal("Paul's own question", c.ExecuteScalar<string>("SELECT text FROM messages WHERE conversation_id = @otherConv", new { otherConv })!.Trim());
        Assert.Equal(1, c.ExecuteScalar<long>("SELECT COUNT(*) FROM audit_log WHERE action = 'customer.erase' AND target = 'customer:' || @customerId AND agent_id = 1", new { customerId }));

        // A new mail from the same address starts afresh instead of re-attaching to the erased record.
        var again = await _server.ReceiveEmailAsync("zoe@customer.test", "New", "A new request");
        Assert.NotEqual(customerId, _server.Scalar<long>("SELECT customer_id FROM conversations WHERE id = @again", new { again }));
    }
}
