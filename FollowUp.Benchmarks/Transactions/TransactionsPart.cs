namespace FollowUp.Benchmarks.Transactions;

/// <summary>The parts of the transactions benchmark that <c>--only</c> chooses from.</summary>
[Flags]
internal enum TransactionsPart
{
    /// <summary>Enrollments, their steps sent, and replies that halt them.</summary>
    Sends = 1,

    /// <summary>The idle window, after the queue polling has backed off to its longest wait.</summary>
    Idle = 2,

    /// <summary>Steps sent from a backlog against a raw queue run.</summary>
    Throughput = 4,

    /// <summary>Single steps that fall due at spread-out times while the app idles, and how late each is sent.</summary>
    Lateness = 8,

    /// <summary>Single steps, each on an app of its own (its own storage prefix) whose queue polling has backed off fully before the step falls due: the worst case of the bound.</summary>
    Alone = 16,

    /// <summary>What a run does when <c>--only</c> is not given.</summary>
    Default = Sends | Idle | Throughput,
}
