using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using FollowUp.Engine.Storage;

namespace FollowUp.Engine.Enrollments;

/// <summary>Enrollment ids: <c>&lt;contact id&gt;-&lt;random&gt;</c>.</summary>
/// <remarks>
/// Enrollments are partitioned by contact so that creating or halting one, together with the contact's "active in this
/// sequence" marker, is a single batch transaction. Carrying the contact id in the enrollment id keeps a lookup by
/// enrollment id a point read.
/// </remarks>
public static partial class EnrollmentId
{
    /// <summary>A new id for an enrollment of <paramref name="contactId"/>.</summary>
    public static string Create(string contactId) => $"{contactId}-{RandomIds.Create(10)}";

    /// <summary>The id of the enrollment that <paramref name="sourceEnrollmentId"/> leads to (its <c>onComplete</c>): always the same for the same source.</summary>
    /// <remarks>Deriving it makes a repeated attempt find the enrollment the first one stored, instead of storing a second.</remarks>
    public static string Derive(string contactId, string sourceEnrollmentId) =>
        $"{contactId}-{RandomIds.FromHash(SHA256.HashData(Encoding.UTF8.GetBytes(sourceEnrollmentId)), 10)}";

    /// <summary>Reads the contact id out of an enrollment id; false when the id is not one.</summary>
    public static bool TryGetContactId(string? enrollmentId, out string contactId)
    {
        contactId = "";
        if (enrollmentId is null || !Pattern().IsMatch(enrollmentId))
        {
            return false;
        }

        contactId = enrollmentId[..enrollmentId.IndexOf('-', StringComparison.Ordinal)];
        return true;
    }

    [GeneratedRegex("^[0-9a-z]{12}-[0-9a-z]{10}$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
