using FollowUp.Benchmarks;

if (!BenchmarkArguments.TryParse(args, out var arguments, out var error))
{
    await Console.Error.WriteLineAsync(error);
    await Console.Error.WriteLineAsync(BenchmarkArguments.Usage);
    return 2;
}

return await BenchmarkRunner.RunAsync(arguments, Console.Out);
