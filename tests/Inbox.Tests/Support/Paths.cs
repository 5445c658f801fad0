namespace Inbox.Tests.Support;

public static class Paths
{
    /// <summary>The repository root (the folder holding Inbox.sln).</summary>
    public static string Repo { get; } = FindRepo();

    /// <summary>The shared data and fixtures folder: beside the repository, or beside a parent of a git worktree.</summary>
    public static string Shared { get; } = FindShared();

    public static string Fixture(params string[] parts) => Path.Combine([Shared, "fixtures", .. parts]);

    private static string FindShared()
    {
        for (var d = new DirectoryInfo(Repo).Parent; d is not null; d = d.Parent)
            if (Directory.Exists(Path.Combine(d.FullName, "shared", "fixtures"))) return Path.Combine(d.FullName, "shared");
        return Path.GetFullPath(Path.Combine(Repo, "..", "shared"));
    }

    private static string FindRepo()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "Inbox.sln"))) return d.FullName;
        throw new InvalidOperationException("Inbox.sln not found above " + AppContext.BaseDirectory);
    }
}
