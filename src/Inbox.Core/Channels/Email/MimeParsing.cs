using MimeKit;

namespace Inbox.Core.Channels.Email;

/// <summary>
/// MimeKit's loading with one parser per thread, reused: MimeMessage.Load and HeaderList.Load make a new
/// MimeParser, with its read buffers, for every payload, and intake parses each mail twice (its redelivery key,
/// then the message): about a tenth of what intake allocates. Same parser settings as those two methods
/// (entity format, default options, content copied into memory).
/// </summary>
public static class MimeParsing
{
    [ThreadStatic] private static MimeParser? _parser;

    public static MimeMessage Message(byte[] body)
    {
        try { return Parser(body).ParseMessage(); }
        finally { Release(); }
    }

    public static HeaderList Headers(byte[] body)
    {
        try { return Parser(body).ParseHeaders(); }
        finally { Release(); }
    }

    /// <summary>The parser keeps its buffers, not the last payload (which may be a large attachment).</summary>
    private static void Release() => _parser?.SetStream(Stream.Null, MimeFormat.Entity);

    private static MimeParser Parser(byte[] body)
    {
        var stream = new MemoryStream(body, writable: false);
        if (_parser is { } parser) parser.SetStream(stream, MimeFormat.Entity);
        else _parser = parser = new MimeParser(stream, MimeFormat.Entity);
        return parser;
    }
}
