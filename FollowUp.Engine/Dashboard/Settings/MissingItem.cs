namespace FollowUp.Engine.Dashboard.Settings;

/// <summary>Something an app that serves real customers needs and this one lacks.</summary>
/// <param name="What">What is missing, in a few words.</param>
/// <param name="Why">What goes wrong without it, and how to add it.</param>
/// <param name="Setting">The configuration key to set.</param>
public sealed record MissingItem(string What, string Why, string Setting);
