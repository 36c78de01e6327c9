using System.Globalization;
using FollowUp.Engine.Http;
using Microsoft.AspNetCore.Http;

namespace FollowUp.Engine.Sources.Forms;

/// <summary>Reads HTML form posts (<c>application/x-www-form-urlencoded</c> or <c>multipart/form-data</c>) from any website, and answers browsers with a redirect or a confirmation page.</summary>
/// <remarks>
/// Forms carry no signature: the honeypot, the <see cref="FormRateCap"/> shared by every instance, the caps of
/// <see cref="FormContentReader"/> and, when the source asks for one, a CAPTCHA (<see cref="CaptchaVerifier"/>) are what
/// hold back bots. A filled honeypot gets the same answer as a success, so a bot
/// learns nothing from it.
/// </remarks>
public sealed class FormReceiver(FormRateCap rateCap, CaptchaVerifier captchas) : ISourceReceiver
{
    /// <summary>The trigger of every submission, the key of <see cref="Source.On"/> it runs.</summary>
    public const string Trigger = "submit";

    /// <summary>The settings of a form source that has none: no redirect, no CORS origins, the <c>_gotcha</c> honeypot, the default field names.</summary>
    public static readonly FormSettings DefaultSettings = new(null, [], "_gotcha", new FormFields());

    /// <inheritdoc />
    public SourceKind Kind => SourceKind.Form;

    /// <summary>Reads a submission: 429 over the rate cap, 415 for another content type, 400 naming the field over a cap or the email field when neither email nor phone is given, 400 or 403 naming the token field when the source's CAPTCHA is missing or not passed; ignored when the honeypot is filled.</summary>
    /// <remarks>Refusals carry the CORS headers of <see cref="FormCors"/>, so a script on an allowed origin can read which field to fix.</remarks>
    public async Task<ReceivedDelivery> ReceiveAsync(HttpRequest request, ReadOnlyMemory<byte> body, Source source, string? secret, CancellationToken cancellationToken)
    {
        var settings = SettingsOf(source);
        if (await rateCap.TryTakeAsync(source.Id, request.HttpContext.Connection.RemoteIpAddress, cancellationToken) is { } retryAfter)
        {
            return Refuse(TooManySubmissions(retryAfter), settings);
        }

        var (fields, problem) = await FormContentReader.ReadAsync(body, request.ContentType, cancellationToken);
        if (problem is not null)
        {
            return Refuse(problem, settings);
        }

        var submission = FormSubmission.Read(fields, settings);
        if (submission.HoneypotFilled)
        {
            return new ReceivedDelivery.Ignored("honeypot");
        }

        if (settings.Captcha is { } captcha
            && await captchas.CheckAsync(captcha, fields, request.HttpContext.Connection.RemoteIpAddress, source.Id, cancellationToken) is { } refused)
        {
            return Refuse(refused, settings);
        }

        if (submission.Contact is { Email: null, Phone: null })
        {
            return Refuse(Problems.Validation(settings.Fields.Email, "An email or a phone is required."), settings);
        }

        return new ReceivedDelivery.Accepted(null, Trigger, submission.Contact, submission.Data, null);
    }

    /// <summary>303 See Other to the source's redirect, or 200 with the <see cref="ConfirmationPage"/>; the same for a repeat or an ignored submission, with CORS headers for an allowed origin.</summary>
    public IResult Answer(Source source, DeliveryOutcome outcome)
    {
        var settings = SettingsOf(source);
        var answer = settings.RedirectUrl is { } redirect
            ? new ResultWithHeaders(
                TypedResults.StatusCode(StatusCodes.Status303SeeOther),
                context => context.Response.Headers.Location = redirect.IsAbsoluteUri ? redirect.AbsoluteUri : redirect.OriginalString)
            : ConfirmationPage.Result(outcome.AwaitingConfirmation == true);
        return FormCors.WithCors(answer, settings);
    }

    /// <summary>The endpoint's own refusals, with CORS headers for an allowed origin so that the page's script can read which field to fix.</summary>
    public IResult Refuse(Source source, IResult problem) => FormCors.WithCors(problem, SettingsOf(source));

    /// <summary>The answer to an <c>OPTIONS</c> preflight for the source, as <see cref="FormCors.Preflight"/> gives it.</summary>
    public IResult Preflight(HttpRequest request, Source source) => FormCors.Preflight(request, SettingsOf(source));

    private static FormSettings SettingsOf(Source source) => source.Form ?? DefaultSettings;

    private static ReceivedDelivery.Refused Refuse(IResult problem, FormSettings settings) => new(FormCors.WithCors(problem, settings));

    private static ResultWithHeaders TooManySubmissions(TimeSpan retryAfter)
    {
        var seconds = (int)Math.Ceiling(retryAfter.TotalSeconds);
        return new ResultWithHeaders(
            TypedResults.Problem(
                $"Too many submissions to this form; try again in {seconds} seconds.",
                statusCode: StatusCodes.Status429TooManyRequests,
                title: "Too many requests."),
            context => context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture));
    }
}
