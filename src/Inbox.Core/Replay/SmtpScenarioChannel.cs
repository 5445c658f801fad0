using Inbox.Core.Model;
using MailKit.Net.Smtp;
using MailKit.Security;

namespace Inbox.Core.Replay;

/// <summary>
/// Email events sent as real mail over SMTP to the support mailbox, so they come back in through the
/// IMAP intake exactly as customer mail would. One connection is kept for the whole replay.
/// </summary>
public sealed class SmtpScenarioChannel(string host, int port, string mailbox, SecureSocketOptions security = SecureSocketOptions.Auto)
    : IScenarioChannel, IAsyncDisposable
{
    private readonly SmtpClient _smtp = new();

    public bool Handles(ScenarioEvent e) => e.Channel == ChannelName.Email;

    public async Task SendAsync(ScenarioEvent e, DateTimeOffset at, CancellationToken ct)
    {
        if (!_smtp.IsConnected) await _smtp.ConnectAsync(host, port, security, ct);
        using var mime = EmailScenarioChannel.ToMime(e, at, mailbox);
        await _smtp.SendAsync(mime, ct);
    }

    /// <summary>"host:port" as given to --smtp.</summary>
    public static SmtpScenarioChannel Parse(string hostPort, string mailbox)
    {
        var i = hostPort.LastIndexOf(':');
        if (i <= 0 || !int.TryParse(hostPort[(i + 1)..], out var port)) throw new ArgumentException($"--smtp expects host:port, got '{hostPort}'");
        return new SmtpScenarioChannel(hostPort[..i], port, mailbox, port == 465 ? SecureSocketOptions.SslOnConnect : SecureSocketOptions.Auto);
    }

    public async ValueTask DisposeAsync()
    {
        if (_smtp.IsConnected) await _smtp.DisconnectAsync(true);
        _smtp.Dispose();
    }
}
