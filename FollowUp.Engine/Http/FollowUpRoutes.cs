namespace FollowUp.Engine.Http;

/// <summary>The HTTP routes, relative to <c>/api</c>, shared by the Functions app and FollowUp.Local.</summary>
public static class FollowUpRoutes
{
    public const string Prefix = "api";
    public const string Sequence = "sequences/{id}";
    public const string SequencePreview = "sequences/{id}/preview";
    public const string SequenceReport = "sequences/{id}/report";
    public const string Enrollments = "enrollments";
    public const string Enrollment = "enrollments/{id}";
    public const string Replies = "replies";
    public const string Events = "events";
    public const string Contact = "contacts/{address}";
    public const string Sequences = "sequences";
    public const string SequenceEnrollments = "sequences/{id}/enrollments";
    public const string Contacts = "contacts";
    public const string Source = "sources/{id}";
    public const string SourceDeliveries = "sources/{id}/deliveries";
    public const string Health = "health";
    public const string HealthDetail = "health/detail";
    public const string TwilioStatus = "twilio/status";
    public const string Unsubscribe = "unsubscribe";
    public const string InboundTwilio = "inbound/twilio";
    public const string InboundEmail = "inbound/email";
    public const string Confirm = "confirm";
    public const string Click = "r/{token}";
    public const string Failures = "failures";
    public const string FailureReplay = "failures/{enrollmentId}/{stepId}/replay";
    public const string FailuresReplay = "failures/replay";
    public const string Dashboard = "dashboard/{*path}";
}
