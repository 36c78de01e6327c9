using FollowUp.Local;

await LocalHost.Build(args).RunAsync();
