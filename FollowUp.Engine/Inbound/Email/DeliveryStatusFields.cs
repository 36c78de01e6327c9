namespace FollowUp.Engine.Inbound.Email;

/// <summary>Reads the per-recipient fields of a delivery status notification (RFC 3464 <c>message/delivery-status</c>).</summary>
/// <remarks>
/// The report is groups of header-like fields separated by blank lines; the first describes the message, each other a
/// recipient. The same reading serves a report that a parse service flattened into the text body.
/// </remarks>
public static class DeliveryStatusFields
{
    /// <summary>The recipients that <paramref name="report"/> describes, in order; empty when it names none.</summary>
    public static IReadOnlyList<ReportedRecipient> Read(string report)
    {
        var recipients = new List<ReportedRecipient>();
        foreach (var group in report.ReplaceLineEndings("\n").Split("\n\n"))
        {
            var fields = FieldsOf(group);
            var recipient = Address(fields.GetValueOrDefault("final-recipient")) ?? Address(fields.GetValueOrDefault("original-recipient"));
            if (recipient is not null)
            {
                recipients.Add(new ReportedRecipient(
                    recipient,
                    fields.GetValueOrDefault("action")?.ToLowerInvariant(),
                    fields.GetValueOrDefault("status"),
                    fields.GetValueOrDefault("diagnostic-code")));
            }
        }

        return recipients;
    }

    /// <summary>The group's fields by lowercased name, with folded lines unfolded; the first of a repeated field wins.</summary>
    private static Dictionary<string, string> FieldsOf(string group)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        string? last = null;
        foreach (var line in group.Split('\n'))
        {
            if (line.Length > 0 && char.IsWhiteSpace(line[0]) && last is not null)
            {
                fields[last] = $"{fields[last]} {line.Trim()}";
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                last = null;
                continue;
            }

            var name = line[..colon].Trim().ToLowerInvariant();
            last = fields.TryAdd(name, line[(colon + 1)..].Trim()) ? name : null;
        }

        return fields;
    }

    /// <summary>The address of a recipient field (<c>rfc822; ann@example.com</c>), without its type or angle brackets.</summary>
    private static string? Address(string? field)
    {
        if (field is null)
        {
            return null;
        }

        var semicolon = field.IndexOf(';', StringComparison.Ordinal);
        var address = (semicolon < 0 ? field : field[(semicolon + 1)..]).Trim().Trim('<', '>');
        return address.Contains('@', StringComparison.Ordinal) ? address : null;
    }
}
