using FollowUp.Engine.Contacts;
using MimeKit;

namespace FollowUp.Engine.Notifications;

/// <summary>Reads the notification addresses of <c>FollowUp:Notify:Email</c> or a sequence's <c>notify.email</c>.</summary>
public static class NotifyAddresses
{
    /// <summary>The most addresses one setting or sequence may name.</summary>
    public const int MaxAddresses = 10;

    /// <summary>What a valid value looks like, for error messages.</summary>
    public const string Rule = "One or more email addresses, such as 'sales@acme.example' or 'Ann <ann@acme.example>, bob@acme.example'.";

    /// <summary>The normalised addresses of <paramref name="values"/> (each one address or a comma-separated list); null when one cannot be read, there is none, or there are more than <see cref="MaxAddresses"/>.</summary>
    public static IReadOnlyList<string>? Parse(IEnumerable<string?> values)
    {
        var addresses = new List<string>();
        foreach (var value in values)
        {
            if (string.IsNullOrWhiteSpace(value) || !InternetAddressList.TryParse(value, out var list) || list.Count == 0 || list.Count != list.Mailboxes.Count())
            {
                return null;
            }

            foreach (var mailbox in list.Mailboxes)
            {
                if (ContactValidator.NormaliseEmail(mailbox.Address) is not { } address)
                {
                    return null;
                }

                if (!addresses.Contains(address, StringComparer.Ordinal))
                {
                    addresses.Add(address);
                }
            }
        }

        return addresses.Count is > 0 and <= MaxAddresses ? addresses : null;
    }
}
