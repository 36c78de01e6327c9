namespace FollowUp.Engine.Timing;

/// <summary>The <c>sendWindow</c> object of a sequence: <c>{"days": ["Mon", "Fri"], "start": "09:00", "end": "17:00"}</c>.</summary>
public sealed record SendWindowRequest(IReadOnlyList<string?>? Days, string? Start, string? End)
{
    /// <summary>The request form of a window.</summary>
    public static SendWindowRequest From(SendWindow window) =>
        new([.. window.Days.Select(DayNames.Name)], TimeText.Format(window.Start), TimeText.Format(window.End));

    /// <summary>The window a stored (valid) request describes.</summary>
    public SendWindow ToWindow() =>
        new([.. Days!.Select(d => DayNames.Parse(d)!.Value)], TimeText.Parse(Start)!.Value, TimeText.Parse(End)!.Value);
}
