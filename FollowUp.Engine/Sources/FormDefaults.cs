namespace FollowUp.Engine.Sources;

/// <summary>The defaults of a form source.</summary>
public static class FormDefaults
{
    /// <summary>The honeypot field's name unless the source names another (the name several form services use).</summary>
    public const string Honeypot = "_gotcha";
}
