using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Inbox.Tests.Security;

/// <summary>An ILoggerProvider that keeps every entry of the host under test, to assert on what it logged.</summary>
public sealed class LogCapture : ILoggerProvider
{
    public sealed record Entry(LogLevel Level, string Category, string Message, Exception? Exception);

    public ConcurrentQueue<Entry> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose() { }

    private sealed class Logger(LogCapture owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.Entries.Enqueue(new Entry(logLevel, category, formatter(state, exception), exception));
    }
}
