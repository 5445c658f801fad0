namespace Inbox.Cli;

/// <summary>Positional arguments and --name value / --flag options, nothing more.</summary>
public sealed class CliArgs
{
    public List<string> Positional { get; } = [];
    public Dictionary<string, string> Options { get; } = new(StringComparer.OrdinalIgnoreCase);

    public static CliArgs Parse(string[] args)
    {
        var r = new CliArgs();
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i].StartsWith("--"))
            {
                var name = args[i][2..];
                var hasValue = i + 1 < args.Length && !args[i + 1].StartsWith("--");
                r.Options[name] = hasValue ? args[++i] : "true";
            }
            else r.Positional.Add(args[i]);
        }
        return r;
    }

    public string? Get(string name, string? env = null) =>
        Options.TryGetValue(name, out var v) ? v : env is null ? null : Environment.GetEnvironmentVariable(env);

    public string Require(string name, string? env = null) =>
        Get(name, env) ?? throw new ArgumentException($"--{name} is required{(env is null ? "" : $" (or {env})")}");

    public bool Flag(string name) => Options.ContainsKey(name);
}
