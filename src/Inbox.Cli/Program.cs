using Inbox.Cli;

// `inbox <command> …` — each command lives in its own file under Commands/.
return args.FirstOrDefault() switch
{
    "replay" => await ReplayCommand.RunAsync(CliArgs.Parse(args[1..])),
    "eval" => await EvalCommand.RunAsync(CliArgs.Parse(args[1..])),
    "reprocess" => await ReprocessCommand.RunAsync(CliArgs.Parse(args[1..])),
    "admin" when args.Length > 1 && args[1] == "create" => AdminCommand.Create(CliArgs.Parse(args[2..])),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("""
        usage:
          inbox replay FILE --server URL [--speed N | --max] [--user U --password P] [--secret S]
          inbox eval SCENARIO.jsonl GOLD.json [--out EXPORT.json] [--direct] [--keep DIR]
              replays a scenario into a fresh temporary instance and scores its export against the gold file
          inbox reprocess --server URL [--user U --password P]
          inbox admin create USERNAME --password P [--role admin|lead|agent] [--name NAME] [--db data/inbox.db]
        environment: INBOX_USER, INBOX_PASSWORD, INBOX_INBOUND_SECRET stand in for --user, --password, --secret.
        """);
    return 2;
}
