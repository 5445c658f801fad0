using Inbox.Core.Agents;
using Inbox.Core.Model;
using Inbox.Core.Storage;

namespace Inbox.Cli;

/// <summary>`inbox admin create`: adds an account directly in the database (first admin, recovery).</summary>
public static class AdminCommand
{
    public static int Create(CliArgs a)
    {
        if (a.Positional.Count != 1) { Console.Error.WriteLine("admin create: give one username"); return 2; }
        var db = new Db(a.Get("db") ?? "data/inbox.db");
        Migrator.Apply(db);
        try
        {
            var agent = new AgentStore(db, TimeProvider.System).Create(a.Positional[0], a.Get("name") ?? a.Positional[0],
                a.Require("password", "INBOX_PASSWORD"), a.Get("role") ?? Roles.Admin);
            Console.WriteLine($"created {agent.Role} '{agent.Username}' (id {agent.Id}) in {db.Path}");
            return 0;
        }
        catch (ArgumentException e) { Console.Error.WriteLine(e.Message); return 2; }
    }
}
