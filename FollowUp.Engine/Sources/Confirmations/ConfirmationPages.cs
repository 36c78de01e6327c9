using System.Net;
using FollowUp.Engine.Unsubscribe;
using Microsoft.AspNetCore.Http;

namespace FollowUp.Engine.Sources.Confirmations;

/// <summary>The pages of the confirmation link, in the layout of the unsubscribe pages.</summary>
public static class ConfirmationPages
{
    /// <summary>200 with a page that asks to confirm, by a POST form back to the same link.</summary>
    public static IResult Ask(string token) => UnsubscribePage.Page(
        StatusCodes.Status200OK,
        "Confirm",
        $"""
        <h1>Confirm your subscription?</h1>
        <p>You asked to hear from us. Confirm, and we will start.</p>
        <form method="post" action="?{ConfirmationLinks.TokenParameter}={WebUtility.HtmlEncode(Uri.EscapeDataString(token))}">
        <button type="submit">Confirm</button>
        </form>
        """);

    /// <summary>200 with a page that says the subscription is confirmed.</summary>
    public static IResult Done() => UnsubscribePage.Page(
        StatusCodes.Status200OK,
        "Confirmed",
        """
        <h1>Thank you, you are confirmed.</h1>
        <p>You can close this page.</p>
        """);

    /// <summary>400 with a page that says the link is not valid.</summary>
    public static IResult Invalid() => UnsubscribePage.Page(
        StatusCodes.Status400BadRequest,
        "Link not valid",
        """
        <h1>This confirmation link is not valid.</h1>
        <p>Please use the link from the message exactly as it is.</p>
        """);

    /// <summary>410 with a page that says the link has expired.</summary>
    public static IResult Expired() => UnsubscribePage.Page(
        StatusCodes.Status410Gone,
        "Link expired",
        """
        <h1>This confirmation link has expired.</h1>
        <p>Please fill in the form again.</p>
        """);

    /// <summary>409 with a page that says the confirmation could not be completed (the form or its sequence has changed).</summary>
    public static IResult Failed() => UnsubscribePage.Page(
        StatusCodes.Status409Conflict,
        "Not confirmed",
        """
        <h1>We could not complete your confirmation.</h1>
        <p>The form has changed since you filled it in. Please fill it in again.</p>
        """);
}
