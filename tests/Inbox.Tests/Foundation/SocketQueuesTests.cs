using Inbox.Tests.Support;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit;

namespace Inbox.Tests.Foundation;

/// <summary>Kestrel's socket I/O queues: one core fewer than Kestrel's default, or as configured.</summary>
public sealed class SocketQueuesTests
{
    private static int QueuesOf(InboxServer server) => server.Services.GetRequiredService<IOptions<SocketTransportOptions>>().Value.IOQueueCount;

    [Fact]
    public async Task TheServerLeavesTheIntakeWriterACore()
    {
        await using var server = await InboxServer.StartAsync();
        Assert.Equal(Math.Clamp(Environment.ProcessorCount - 1, 1, 16), QueuesOf(server));
    }

    [Fact]
    public async Task TheQueuesCanBeSet()
    {
        await using var server = await InboxServer.StartAsync(new Dictionary<string, string?> { ["Inbox:SocketQueues"] = "3" });
        Assert.Equal(3, QueuesOf(server));
    }

    [Fact]
    public async Task AnOutOfRangeValueStopsTheStartNamingTheSetting()
    {
        var e = await Assert.ThrowsAnyAsync<Exception>(() => InboxServer.StartAsync(new Dictionary<string, string?> { ["Inbox:SocketQueues"] = "0" }));
        Assert.Contains("SocketQueues", e.ToString());
    }
}
