namespace FollowUp.Local.Triggers;

/// <summary>How promptly the triggers run, set by <c>FollowUp:Profile</c>: each profile is a set of defaults for the schedules, the look-ahead and the queue polling (<see cref="SchedulingProfileSettings"/>).</summary>
public enum SchedulingProfile
{
    /// <summary>Steps go out within seconds of their due time: a scan every minute and queues polled every two seconds at most.</summary>
    Punctual,

    /// <summary>Steps go out within minutes of their due time, for a fraction of the idle storage transactions: a scan every ten minutes and queues polled every five minutes at most.</summary>
    Economy,
}
