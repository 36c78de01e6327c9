namespace FollowUp.Engine.Dashboard;

/// <summary>A host that signs operators in with a key (FollowUp.Local's <c>FollowUp:ApiKey</c>) says here whether a key is right; the sign-in page exists only where one is registered.</summary>
public interface IDashboardKeyCheck
{
    /// <summary>Whether <paramref name="key"/> is the key, compared in fixed time.</summary>
    bool Accepts(string key);
}
