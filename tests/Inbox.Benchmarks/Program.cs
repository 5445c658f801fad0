using BenchmarkDotNet.Running;

namespace Inbox.Benchmarks;

/// <summary>`scripts/bench NAME`: load benchmarks are plain commands by name; anything else goes to BenchmarkDotNet.</summary>
public static class Bench
{
    public static int Main(string[] args) => args.FirstOrDefault() switch
    {
        "ingest" => IngestBenchmark.RunAsync(args[1..]).GetAwaiter().GetResult(),
        "agent" => MeasuringAgent.RunChildAsync(args[1..]).GetAwaiter().GetResult(), // started by ingest
        "duplicates" => Duplicates.DuplicateLoadBenchmark.Run(args[1..]),
        "draftcheck" => DraftCheckBenchmark.Percentiles(args[1..]),
        "timers" => TimersBench.Run(args[1..]),
        _ => RunBenchmarkDotNet(args),
    };

    private static int RunBenchmarkDotNet(string[] args)
    {
        BenchmarkSwitcher.FromAssembly(typeof(Bench).Assembly).Run(args);
        return 0;
    }
}
