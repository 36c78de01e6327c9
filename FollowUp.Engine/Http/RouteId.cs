using Microsoft.AspNetCore.Http;

namespace FollowUp.Engine.Http;

/// <summary>Checks an id taken from a route before it reaches Table Storage: the storage's key rules, then the rule of that kind of id.</summary>
/// <remarks>
/// Table Storage refuses keys with <c>/ \ # ?</c> or control characters, or over 1 KiB, with an error that would surface as a
/// 500; an id the API never hands out cannot name anything either. Both are the caller's mistake, answered as 400 naming the
/// route parameter before any storage call.
/// </remarks>
public static class RouteId
{
    /// <summary>The largest key Table Storage takes, in bytes (UTF-16).</summary>
    public const int MaxKeyBytes = 1024;

    /// <summary>Whether <paramref name="value"/> may be a Table Storage partition or row key.</summary>
    public static bool IsTableKey(string? value) =>
        value is { Length: > 0 and <= MaxKeyBytes / sizeof(char) } && !value.Any(c => c is '/' or '\\' or '#' or '?' || char.IsControl(c));

    /// <summary>Null when <paramref name="value"/> is a valid table key that follows <paramref name="isValid"/>; otherwise 400 naming <paramref name="parameter"/>.</summary>
    /// <param name="parameter">The route parameter, as the route names it (<c>id</c>).</param>
    /// <param name="value">The value the request gave.</param>
    /// <param name="isValid">The rule of this kind of id.</param>
    /// <param name="rule">That rule in words, for the answer.</param>
    public static IResult? Check(string parameter, string? value, Func<string, bool> isValid, string rule) =>
        IsTableKey(value) && isValid(value!) ? null : Problems.Validation(parameter, rule);
}
