using System.Text.RegularExpressions;
using MimeKit;
using MimeKit.Cryptography;

namespace FollowUp.Engine.Inbound.Email;

/// <summary>Reads whether the receiving side vouched for the sender's address: an SPF, DKIM or DMARC pass for the domain of <c>From:</c>.</summary>
/// <remarks>
/// A pass counts only when its domain is aligned with the <c>From:</c> domain (the same domain, or one a subdomain of the
/// other, as DMARC's relaxed alignment allows within one organisation), since anyone can pass SPF or sign with DKIM for a
/// domain of their own. Each method returns what vouched (never a domain or an address, so that it can be logged), or
/// null. Headers a sender may have written are believed only as described on each method.
/// </remarks>
public static partial class SenderAuthentication
{
    /// <summary>SendGrid Inbound Parse's own verdicts: its <c>SPF</c> field for the envelope sender of its <c>envelope</c>, and its <c>dkim</c> field (<c>{@example.com : pass}</c>).</summary>
    /// <remarks>SendGrid computes these fields itself, in both default and raw mode; the message cannot set them.</remarks>
    public static string? SendGrid(string? spf, string? dkim, string? envelopeFrom, string from)
    {
        var fromDomain = DomainOf(from);
        if (fromDomain is null)
        {
            return null;
        }

        if (dkim is not null && SendGridDkim().Matches(dkim).Any(m => IsPass(m.Groups["result"].Value) && Aligned(m.Groups["domain"].Value, fromDomain)))
        {
            return "SendGrid dkim";
        }

        return IsPass(spf?.Trim()) && DomainOf(envelopeFrom) is { } envelopeDomain && Aligned(envelopeDomain, fromDomain) ? "SendGrid SPF" : null;
    }

    /// <summary>Postmark's SPF check, which it adds as a <c>Received-SPF</c> header: a pass for an envelope sender aligned with <c>From:</c>.</summary>
    /// <remarks>
    /// Postmark adds its header among the message's own, whose order its JSON does not promise, and a sender may have
    /// written one too; so every <c>Received-SPF</c> must be such a pass, and Postmark's own, whatever it says, is among them.
    /// </remarks>
    public static string? ReceivedSpf(HeaderList headers, string from)
    {
        var fromDomain = DomainOf(from);
        var values = headers.Where(h => h.Field.Equals("Received-SPF", StringComparison.OrdinalIgnoreCase)).Select(h => h.Value).ToList();
        return fromDomain is not null && values.Count > 0 && values.All(value => IsAlignedSpfPass(value, fromDomain)) ? "Received-SPF" : null;
    }

    /// <summary>The receiving server's <c>Authentication-Results</c> (RFC 8601): a DMARC pass, or a DKIM or SPF pass aligned with <c>From:</c>.</summary>
    /// <param name="headers">The message's headers.</param>
    /// <param name="from">The sender's address.</param>
    /// <param name="authServId"><c>FollowUp:Inbound:AuthServId</c>: only headers of this authserv-id are read; null reads none.</param>
    /// <remarks>
    /// RFC 8601 has the receiving server remove headers that claim its authserv-id before it adds its own, so those
    /// are its own; every one of them must show the pass. <c>ARC-Authentication-Results</c> are not read: without checking
    /// the ARC seals, which needs DNS, they are only what some earlier hop, or the sender, wrote.
    /// </remarks>
    public static string? AuthenticationResults(HeaderList headers, string from, string? authServId)
    {
        var fromDomain = DomainOf(from);
        if (string.IsNullOrEmpty(authServId) || fromDomain is null)
        {
            return null;
        }

        var ours = new List<MimeKit.Cryptography.AuthenticationResults>();
        foreach (var header in headers.Where(h => h.Id == HeaderId.AuthenticationResults))
        {
            if (MimeKit.Cryptography.AuthenticationResults.TryParse(header.RawValue, out var results)
                && string.Equals(results.AuthenticationServiceIdentifier, authServId, StringComparison.OrdinalIgnoreCase))
            {
                ours.Add(results);
            }
        }

        var verdicts = ours.Select(results => Verdict(results, fromDomain)).ToList();
        return verdicts.Count > 0 && verdicts.All(v => v is not null) ? $"Authentication-Results {verdicts[0]}" : null;
    }

    /// <summary>Whether <paramref name="domain"/> and <paramref name="fromDomain"/> are the same, or one is a subdomain of the other.</summary>
    public static bool Aligned(string domain, string fromDomain)
    {
        var a = domain.Trim().TrimEnd('.').ToLowerInvariant();
        var b = fromDomain.Trim().TrimEnd('.').ToLowerInvariant();
        if (a.Length == 0 || b.Length == 0)
        {
            return false;
        }

        var (longer, shorter) = a.Length >= b.Length ? (a, b) : (b, a);
        return longer == shorter || (shorter.Contains('.', StringComparison.Ordinal) && longer.EndsWith("." + shorter, StringComparison.Ordinal));
    }

    /// <summary>The method that passed in one header, or null: <c>dmarc</c> for the From domain, else an aligned <c>dkim</c> or <c>spf</c>.</summary>
    private static string? Verdict(MimeKit.Cryptography.AuthenticationResults results, string fromDomain)
    {
        foreach (var method in new[] { "dmarc", "dkim", "spf" })
        {
            foreach (var result in results.Results.Where(r => r.Method.Equals(method, StringComparison.OrdinalIgnoreCase) && IsPass(r.Result)))
            {
                var domains = result.Properties
                    .Where(p => method switch
                    {
                        "dmarc" => p.Property.Equals("from", StringComparison.OrdinalIgnoreCase),
                        "dkim" => p.Property.Equals("d", StringComparison.OrdinalIgnoreCase) || p.Property.Equals("i", StringComparison.OrdinalIgnoreCase),
                        _ => p.Property.Equals("mailfrom", StringComparison.OrdinalIgnoreCase),
                    })
                    .Select(p => DomainOf(p.Value) ?? p.Value).ToList();
                if ((method == "dmarc" && domains.Count == 0) || domains.Any(domain => Aligned(domain, fromDomain)))
                {
                    return method;
                }
            }
        }

        return null;
    }

    private static bool IsAlignedSpfPass(string value, string fromDomain)
    {
        var spf = ReceivedSpfFields().Match(value);
        return spf.Success && IsPass(spf.Groups["result"].Value)
            && (!spf.Groups["identity"].Success || spf.Groups["identity"].Value.Equals("mailfrom", StringComparison.OrdinalIgnoreCase))
            && spf.Groups["envelope"].Success && DomainOf(spf.Groups["envelope"].Value) is { } envelopeDomain && Aligned(envelopeDomain, fromDomain);
    }

    private static bool IsPass(string? result) => string.Equals(result, "pass", StringComparison.OrdinalIgnoreCase);

    /// <summary>The domain of an address (<c>ann@example.com</c>, <c>&lt;ann@example.com&gt;</c>), or the value itself when it is a bare domain; null for nothing.</summary>
    private static string? DomainOf(string? address)
    {
        var value = address?.Trim().Trim('<', '>', '"').Trim();
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        var at = value.LastIndexOf('@');
        var domain = at < 0 ? value : value[(at + 1)..];
        return domain.Length > 0 && !domain.Any(char.IsWhiteSpace) ? domain : null;
    }

    [GeneratedRegex(@"@(?<domain>[A-Za-z0-9.-]+)\s*:\s*(?<result>[A-Za-z]+)", RegexOptions.CultureInvariant)]
    private static partial Regex SendGridDkim();

    [GeneratedRegex(@"^\s*(?<result>[A-Za-z]+)\b(?=(?:.*?\bidentity\s*=\s*(?<identity>[A-Za-z]+))?)(?=(?:.*?\benvelope-from\s*=\s*""?<?(?<envelope>[^\s"";>]+))?)", RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex ReceivedSpfFields();
}
