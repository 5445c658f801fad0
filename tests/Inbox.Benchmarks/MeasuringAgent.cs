using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using Inbox.Core.Intake;
using Microsoft.AspNetCore.SignalR.Client;

namespace Inbox.Benchmarks;

/// <summary>
/// The agent of `ingest` that times each arrival: a SignalR client in a process of its own, as an agent's browser is.
/// In the benchmark's process its receive loop queued on a thread pool that also ran the mail gateway's 1,000
/// requests a second and 199 frame readers (a work item queued there every millisecond waited 0.3–0.5 ms at the
/// median, 5–11 ms at the 99th percentile, at 200 agents and 1,000 msg/s), and that wait was counted as the server's.
/// The child logs in, connects, writes "ready", then one line per IntakeBatch event ("batch N") and one per arrival
/// ("Message-ID timestamp"), timestamps from Stopwatch, which on Linux is CLOCK_MONOTONIC, one clock for every
/// process; it stops when its standard input closes.
/// </summary>
public sealed class MeasuringAgent : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Action<string> _onLine;
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private MeasuringAgent(Process process, Action<string> onLine) => (_process, _onLine) = (process, onLine);

    /// <summary>
    /// Starts `Inbox.Benchmarks agent URL USERNAME PASSWORD` and waits until its hub connection is up. The lines it writes
    /// go to <paramref name="onLine"/> from a thread of its own (not the thread pool: the lines carry their own times,
    /// but a full pipe would stall the child).
    /// </summary>
    public static async Task<MeasuringAgent> StartAsync(string url, string username, string password, Action<string> onLine)
    {
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("no path to this benchmark's executable");
        var psi = new ProcessStartInfo(self) { RedirectStandardInput = true, RedirectStandardOutput = true };
        // Run through the dotnet host ("dotnet Inbox.Benchmarks.dll"): the child needs the assembly too.
        if (Path.GetFileNameWithoutExtension(self) == "dotnet") psi.ArgumentList.Add(typeof(MeasuringAgent).Assembly.Location);
        foreach (var a in (string[])["agent", url, username, password]) psi.ArgumentList.Add(a);
        // One agent's client allocates little: the workstation GC, not one GC thread per core.
        psi.Environment["DOTNET_gcServer"] = "0";
        var child = new MeasuringAgent(Process.Start(psi)!, onLine);
        new Thread(child.Read) { IsBackground = true, Name = "measuring agent output" }.Start();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => child.Kill();
        if (await Task.WhenAny(child._ready.Task, Task.Delay(TimeSpan.FromMinutes(2))) != child._ready.Task)
            throw new TimeoutException("the measuring agent did not connect within two minutes");
        await child._ready.Task;
        return child;
    }

    /// <summary>CPU time the child has used so far.</summary>
    public TimeSpan Cpu()
    {
        _process.Refresh();
        return _process.HasExited ? TimeSpan.Zero : _process.TotalProcessorTime;
    }

    private void Read()
    {
        try
        {
            while (_process.StandardOutput.ReadLine() is { } line)
            {
                if (line == "ready") _ready.TrySetResult();
                else _onLine(line);
            }
            _ready.TrySetException(new InvalidOperationException("the measuring agent exited before it was ready"));
        }
        catch (Exception e) { _ready.TrySetException(e); }
    }

    private void Kill()
    {
        try { if (!_process.HasExited) _process.Kill(); }
        catch (InvalidOperationException) { }
    }

    /// <summary>Closes the child's input: it stops.</summary>
    public async ValueTask DisposeAsync()
    {
        _process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try { await _process.WaitForExitAsync(timeout.Token); }
        catch (OperationCanceledException) { Kill(); }
        _process.Dispose();
    }

    /// <summary>The child: `Inbox.Benchmarks agent URL USERNAME PASSWORD`.</summary>
    public static async Task<int> RunChildAsync(string[] args)
    {
        var (url, username, password) = (args[0], args[1], args[2]);
        var cookies = new CookieContainer();
        using (var http = new HttpClient(new SocketsHttpHandler { CookieContainer = cookies }) { BaseAddress = new Uri(url) })
        {
            http.DefaultRequestHeaders.Add("X-Requested-With", "inbox"); // the server's anti-forgery rule
            (await http.PostAsJsonAsync("/api/auth/login", new { username, password })).EnsureSuccessStatusCode();
        }
        var output = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false)) { AutoFlush = false };
        var gate = new object();
        void Write(string text)
        {
            lock (gate)
            {
                output.Write(text);
                output.Flush();
            }
        }
        await using var hub = new HubConnectionBuilder().WithUrl(new Uri(new Uri(url), "/hubs/inbox"), o => o.Cookies = cookies).Build();
        hub.On<IntakeBatchView>("IntakeBatch", b =>
        {
            var at = Stopwatch.GetTimestamp(); // first: the time the event reached this agent's handler
            var lines = new StringBuilder();
            lines.Append("batch ").Append(b.Arrived.Count).Append('\n');
            foreach (var m in b.Arrived) lines.Append(m.ExternalId).Append(' ').Append(at).Append('\n');
            Write(lines.ToString());
        });
        // The other events are read through without building objects (as a browser that ignores them).
        foreach (var name in IngestBenchmark.HubEvents.Where(n => n != "IntakeBatch"))
            hub.On<IngestBenchmark.ReadThrough>(name, _ => { });
        await hub.StartAsync();
        Write("ready\n");
        await Console.In.ReadToEndAsync(); // until the benchmark closes our input
        return 0;
    }
}

/// <summary>What the measuring agent's lines say: arrivals by request key, and how many events carried them.</summary>
public sealed class ArrivalLog(Func<string, string> key)
{
    private long _events, _arrivals;
    public ConcurrentDictionary<string, long> Received { get; } = new();
    public long Events => Interlocked.Read(ref _events);
    public long Arrivals => Interlocked.Read(ref _arrivals);

    public void Reset()
    {
        Received.Clear();
        (_events, _arrivals) = (0, 0);
    }

    public void OnLine(string line)
    {
        if (line.StartsWith("batch ", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _events);
            Interlocked.Add(ref _arrivals, int.Parse(line.AsSpan(6)));
        }
        else if (line.LastIndexOf(' ') is var space and > 0)
            Received.TryAdd(key(line[..space]), long.Parse(line.AsSpan(space + 1)));
    }
}
