using FollowUp.Engine.Channels.Twilio;
using FollowUp.Engine.Clicks;
using FollowUp.Engine.Contacts;
using FollowUp.Engine.Dashboard;
using FollowUp.Engine.Enrollments;
using FollowUp.Engine.Events;
using FollowUp.Engine.Failures;
using FollowUp.Engine.Http;
using FollowUp.Engine.Inbound.Email;
using FollowUp.Engine.Inbound.Sms;
using FollowUp.Engine.Listing;
using FollowUp.Engine.Replies;
using FollowUp.Engine.Sequences;
using FollowUp.Engine.Sources;
using FollowUp.Engine.Sources.Confirmations;
using FollowUp.Engine.Unsubscribe;
using FollowUp.Local.Keys;

namespace FollowUp.Local;

/// <summary>Maps the engine's HTTP handlers on the same routes as the Functions app.</summary>
public static class FollowUpApiRoutes
{
    /// <summary>Maps every <c>/api</c> route; those the Functions app keys ask for the API key, the others are checked by their handlers.</summary>
    public static IEndpointRouteBuilder MapFollowUpApi(this IEndpointRouteBuilder app)
    {
        var open = app.MapGroup("/" + FollowUpRoutes.Prefix);
        var api = app.MapGroup("/" + FollowUpRoutes.Prefix).AddEndpointFilter<ApiKeyFilter>();
        api.MapPut(FollowUpRoutes.Sequence, (HttpRequest request, string id, SequenceEndpoints handler, CancellationToken ct) => handler.PutAsync(request, id, ct));
        api.MapGet(FollowUpRoutes.Sequence, (HttpRequest request, string id, SequenceEndpoints handler, CancellationToken ct) => handler.GetAsync(request, id, ct));
        api.MapGet(FollowUpRoutes.SequenceReport, (HttpRequest request, string id, Engine.Reports.ReportEndpoints handler, CancellationToken ct) => handler.GetAsync(request, id, ct));
        api.MapPost(FollowUpRoutes.SequencePreview, (HttpRequest request, string id, SequencePreview handler, CancellationToken ct) => handler.PostAsync(request, id, ct));
        api.MapPost(FollowUpRoutes.Enrollments, (HttpRequest request, EnrollmentEndpoints handler, CancellationToken ct) => handler.PostAsync(request, ct));
        api.MapGet(FollowUpRoutes.Enrollment, (string id, EnrollmentEndpoints handler, CancellationToken ct) => handler.GetAsync(id, ct));
        api.MapPost(FollowUpRoutes.Replies, (HttpRequest request, ReplyEndpoints handler, CancellationToken ct) => handler.PostAsync(request, ct));
        api.MapGet(FollowUpRoutes.Contact, (string address, ContactEndpoints handler, CancellationToken ct) => handler.GetAsync(address, ct));
        api.MapDelete(FollowUpRoutes.Contact, (string address, ContactEndpoints handler, CancellationToken ct) => handler.DeleteAsync(address, ct));
        api.MapPost(FollowUpRoutes.InboundEmail, (HttpRequest request, InboundEmailEndpoints handler, CancellationToken ct) => handler.PostAsync(request, ct));
        api.MapPost(FollowUpRoutes.Events, (HttpRequest request, EventEndpoints handler, CancellationToken ct) => handler.PostAsync(request, ct));
        api.MapPut(FollowUpRoutes.Source, (HttpRequest request, string id, SourceEndpoints handler, CancellationToken ct) => handler.PutAsync(request, id, ct));
        api.MapGet(FollowUpRoutes.Source, (string id, SourceEndpoints handler, CancellationToken ct) => handler.GetAsync(id, ct));
        api.MapGet(FollowUpRoutes.Failures, (HttpRequest request, FailureEndpoints handler, CancellationToken ct) => handler.ListAsync(request, ct));
        api.MapPost(FollowUpRoutes.FailureReplay, (string enrollmentId, string stepId, FailureEndpoints handler, CancellationToken ct) => handler.ReplayAsync(enrollmentId, stepId, ct));
        api.MapPost(FollowUpRoutes.FailuresReplay, (FailureEndpoints handler, CancellationToken ct) => handler.ReplayAllAsync(ct));
        api.MapGet(FollowUpRoutes.Sequences, (HttpRequest request, ListingEndpoints handler, CancellationToken ct) => handler.ListSequencesAsync(request, ct));
        api.MapGet(FollowUpRoutes.SequenceEnrollments, (HttpRequest request, string id, ListingEndpoints handler, CancellationToken ct) => handler.ListEnrollmentsAsync(request, id, ct));
        api.MapGet(FollowUpRoutes.Contacts, (HttpRequest request, ListingEndpoints handler, CancellationToken ct) => handler.FindContactAsync(request, ct));
        api.MapGet(FollowUpRoutes.HealthDetail, (HealthDetailEndpoint handler, CancellationToken ct) => handler.GetAsync(ct));
        open.MapPost(FollowUpRoutes.SourceDeliveries, (HttpRequest request, string id, SourceDeliveryEndpoints handler, CancellationToken ct) => handler.PostAsync(request, id, ct));
        open.MapMethods(FollowUpRoutes.SourceDeliveries, ["OPTIONS"], (HttpRequest request, string id, SourceDeliveryEndpoints handler, CancellationToken ct) => handler.PreflightAsync(request, id, ct));
        open.MapPost(FollowUpRoutes.TwilioStatus, (HttpRequest request, TwilioStatusEndpoints handler, CancellationToken ct) => handler.PostAsync(request, ct));
        open.MapGet(FollowUpRoutes.Unsubscribe, (HttpRequest request, UnsubscribeEndpoints handler) => handler.Get(request));
        open.MapPost(FollowUpRoutes.Unsubscribe, (HttpRequest request, UnsubscribeEndpoints handler, CancellationToken ct) => handler.PostAsync(request, ct));
        open.MapMethods(FollowUpRoutes.Click, ["GET", "HEAD"], (HttpRequest request, string token, ClickEndpoints handler, CancellationToken ct) => handler.GetAsync(request, token, ct));
        open.MapGet(FollowUpRoutes.Confirm, (HttpRequest request, ConfirmationEndpoints handler, CancellationToken ct) => handler.GetAsync(request, ct));
        open.MapPost(FollowUpRoutes.Confirm, (HttpRequest request, ConfirmationEndpoints handler, CancellationToken ct) => handler.PostAsync(request, ct));
        open.MapPost(FollowUpRoutes.InboundTwilio, (HttpRequest request, TwilioInboundEndpoints handler, CancellationToken ct) => handler.PostAsync(request, ct));
        open.MapMethods(FollowUpRoutes.Dashboard, ["GET", "POST"], (HttpContext context, string? path, DashboardEndpoints handler) => handler.HandleAsync(context, path));
        open.MapGet(FollowUpRoutes.Health, (HealthEndpoint handler, CancellationToken ct) => handler.GetAsync(ct));
        return app;
    }
}
