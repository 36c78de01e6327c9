using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace FollowUp.Tests.Channels.Twilio;

/// <summary>Requests as Twilio makes them: form-encoded and signed, computed here independently of the engine.</summary>
public static class TwilioRequests
{
    /// <summary>Twilio's signature from its documented recipe: the URL, then each parameter's name and value in name order, HMAC-SHA1 with the auth token, base64.</summary>
    public static string Sign(string authToken, string url, IEnumerable<KeyValuePair<string, string>> parameters)
    {
        var data = url + string.Concat(parameters.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + p.Value));
        return Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(authToken), Encoding.UTF8.GetBytes(data)));
    }

    /// <summary>The parameters Twilio posts for an incoming SMS to the business's number, shaped as its webhook documentation lists them, with a new <c>MessageSid</c> (or <paramref name="messageSid"/>).</summary>
    public static Dictionary<string, string> IncomingMessage(string from, string body, string? messageSid = null)
    {
        var sid = messageSid ?? $"SM{Guid.NewGuid():N}";
        return new()
        {
            ["ToCountry"] = "GB",
            ["ToState"] = "",
            ["SmsMessageSid"] = sid,
            ["NumMedia"] = "0",
            ["ToCity"] = "",
            ["FromZip"] = "",
            ["SmsSid"] = sid,
            ["FromState"] = "",
            ["SmsStatus"] = "received",
            ["FromCity"] = "",
            ["Body"] = body,
            ["FromCountry"] = "GB",
            ["To"] = "+447700900123",
            ["MessagingServiceSid"] = "MG0123456789abcdef0123456789abcdef",
            ["ToZip"] = "",
            ["NumSegments"] = "1",
            ["MessageSid"] = sid,
            ["AccountSid"] = FakeTwilio.AccountSid,
            ["From"] = from,
            ["ApiVersion"] = "2010-04-01",
        };
    }

    /// <summary>A form POST to <paramref name="path"/> as it reaches the app behind a proxy that rewrote the host to <c>10.0.0.4:8080</c>.</summary>
    /// <param name="path">The path the app sees.</param>
    /// <param name="query">The query string, with its <c>?</c>, or empty.</param>
    /// <param name="parameters">The form fields.</param>
    /// <param name="signature">The <c>X-Twilio-Signature</c> header, or null for none.</param>
    public static HttpRequest Post(string path, string query, IEnumerable<KeyValuePair<string, string>> parameters, string? signature)
    {
        var context = new DefaultHttpContext { RequestServices = new ServiceCollection().AddLogging().BuildServiceProvider() };
        var request = context.Request;
        request.Method = "POST";
        request.Scheme = "http";
        request.Host = new HostString("10.0.0.4", 8080);
        request.Path = path;
        request.QueryString = new QueryString(query);
        request.ContentType = "application/x-www-form-urlencoded";
        request.Body = new MemoryStream(Encoding.UTF8.GetBytes(
            string.Join('&', parameters.Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}"))));
        if (signature is not null)
        {
            request.Headers["X-Twilio-Signature"] = signature;
        }

        return request;
    }
}
