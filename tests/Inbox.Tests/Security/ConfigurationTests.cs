using System.Text.Json;
using Inbox.Tests.Support;

namespace Inbox.Tests.Security;

/// <summary>Secrets come from configuration or the environment at run time, never from files in the repository.</summary>
public sealed class ConfigurationTests
{
    private static readonly string[] SecretWords = ["secret", "password", "token", "apikey", "privatekey", "connectionstring"];

    [Fact]
    public void No_settings_file_in_the_repository_carries_a_secret_value()
    {
        var files = Directory.EnumerateFiles(Path.Combine(Paths.Repo, "src"), "appsettings*.json", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}"))
            .ToList();
        Assert.NotEmpty(files);
        var found = new List<string>();
        foreach (var file in files)
            Walk(JsonDocument.Parse(File.ReadAllText(file)).RootElement, Path.GetFileName(file), found);
        Assert.True(found.Count == 0, "secret values in settings files: " + string.Join(", ", found));
    }

    private static void Walk(JsonElement e, string path, List<string> found)
    {
        if (e.ValueKind != JsonValueKind.Object) return;
        foreach (var p in e.EnumerateObject())
        {
            var key = p.Name.Replace("_", "").ToLowerInvariant();
            if (p.Value.ValueKind == JsonValueKind.String && p.Value.GetString() is { Length: > 0 } && SecretWords.Any(key.Contains))
                found.Add($"{path}:{p.Name}");
            Walk(p.Value, $"{path}:{p.Name}", found);
        }
    }
}
