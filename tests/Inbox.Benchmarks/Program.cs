using BenchmarkDotNet.Running;

// `scripts/bench NAME`: "ingest" and other load benchmarks are plain commands; anything else goes to BenchmarkDotNet.
return args.FirstOrDefault() switch
{
    _ => RunBenchmarkDotNet(args),
};

static int RunBenchmarkDotNet(string[] args)
{
    BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    return 0;
}
