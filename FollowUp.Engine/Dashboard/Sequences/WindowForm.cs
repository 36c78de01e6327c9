using FollowUp.Engine.Timing;
using Microsoft.AspNetCore.Http;

namespace FollowUp.Engine.Dashboard.Sequences;

/// <summary>A send window as the editor shows it: on or off, the days ticked, and the hours.</summary>
public sealed class WindowForm
{
    /// <summary>The days in the order the editor lists them.</summary>
    public static readonly IReadOnlyList<string> AllDays = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

    /// <summary>Whether the window applies.</summary>
    public bool On { get; set; }

    /// <summary>The days ticked, as the API names them (<c>Mon</c>).</summary>
    public List<string> Days { get; set; } = ["Mon", "Tue", "Wed", "Thu", "Fri"];

    /// <summary>The opening time, <c>HH:mm</c>.</summary>
    public string Start { get; set; } = "09:00";

    /// <summary>The closing time, <c>HH:mm</c>.</summary>
    public string End { get; set; } = "17:00";

    /// <summary>The window of a request, or an unticked one with office hours ready.</summary>
    public static WindowForm From(SendWindowRequest? request) => request is null
        ? new WindowForm()
        : new WindowForm { On = true, Days = [.. (request.Days ?? []).OfType<string>()], Start = request.Start ?? "", End = request.End ?? "" };

    /// <summary>Reads the fields named <c><paramref name="prefix"/>.on</c>, <c>.days</c>, <c>.start</c> and <c>.end</c>.</summary>
    public static WindowForm Read(IFormCollection form, string prefix) => new()
    {
        On = form[prefix + ".on"].Contains("true"),
        Days = [.. form[prefix + ".days"].OfType<string>()],
        Start = form[prefix + ".start"].FirstOrDefault()?.Trim() ?? "",
        End = form[prefix + ".end"].FirstOrDefault()?.Trim() ?? "",
    };

    /// <summary>The request's <c>sendWindow</c>, or null when off.</summary>
    public SendWindowRequest? ToRequest() => On ? new SendWindowRequest([.. Days], Blank(Start), Blank(End)) : null;

    private static string? Blank(string value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
