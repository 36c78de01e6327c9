using System.Text.Json;
using System.Text.Json.Serialization;
using FollowUp.Engine.Contacts;
using FollowUp.Engine.Enrollments;
using FollowUp.Engine.Failures;
using FollowUp.Engine.Http;
using FollowUp.Engine.Storage;
using Microsoft.AspNetCore.Http;

namespace FollowUp.Engine.Dashboard.Enrollments;

/// <summary>The enrollments: a list by sequence and status, each enrollment's page (steps, send times and why, timeline), halting, trying a failed step again, and enrolling a contact by hand.</summary>
public sealed class EnrollmentsArea(EnrollmentListReader lists, EnrollmentDetailReader details, IdempotentEnrollments enrollments, EnrollmentHalter halter, FailureReplayer replayer) : IDashboardArea
{
    private const string KeyPrefix = "dashboard:";
    private const int MaxKeyLength = 64;

    /// <inheritdoc />
    public void Map(DashboardRouteTable routes)
    {
        routes.Get("enrollments", ListAsync);
        routes.Get("enrollments/new", NewAsync);
        routes.Post("enrollments/new", EnrollAsync);
        routes.Get("enrollments/{id}", ShowAsync);
        routes.Post("enrollments/{id}/halt", HaltAsync);
        routes.Post("enrollments/{id}/steps/{step}/replay", ReplayAsync);
    }

    private async Task<IResult> ListAsync(DashboardRequest request)
    {
        var sequences = await lists.SequencesAsync(request.Aborted);
        EnrollmentStatus? status = null;
        if (request.Query("status") is { } given)
        {
            if (!Enum.TryParse<EnrollmentStatus>(given, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed) || given.Any(char.IsDigit))
            {
                return await request.Message("Enrollments", new DashboardMessage("Choose active, completed or halted, or every status.", DashboardPaths.To("enrollments"), "Show all enrollments"), StatusCodes.Status400BadRequest);
            }

            status = parsed;
        }

        var chosen = request.Query("sequence");
        var sequence = chosen is null ? sequences.FirstOrDefault() : sequences.FirstOrDefault(s => s.Id == chosen);
        if (chosen is not null && sequence is null)
        {
            return await request.Message("Not found", new DashboardMessage("There is no sequence with that id.", DashboardPaths.To("enrollments"), "Back to enrollments"), StatusCodes.Status404NotFound);
        }

        if (sequence is null)
        {
            return await request.Page<EnrollmentListPage>("Enrollments", new EnrollmentListModel(sequences, null, status, [], null));
        }

        var (rows, next) = await lists.PageAsync(sequence, status, request.Query(EnrollmentListReader.AfterParameter), request.Aborted);
        if (rows is null)
        {
            return await request.Message("Enrollments", new DashboardMessage("This page of the list has expired. Start the list again.", ListPath(sequence.Id, status, null), "Back to the first page"), StatusCodes.Status400BadRequest);
        }

        return await request.Page<EnrollmentListPage>("Enrollments", new EnrollmentListModel(sequences, sequence, status, rows, next is null ? null : ListPath(sequence.Id, status, next)));
    }

    /// <summary>The address of the list of <paramref name="sequenceId"/>'s enrollments of <paramref name="status"/>, from <paramref name="after"/>.</summary>
    public static string ListPath(string sequenceId, EnrollmentStatus? status, string? after)
    {
        var query = "?sequence=" + Uri.EscapeDataString(sequenceId);
        query += status is null ? "" : "&status=" + status.Value.ToString().ToLowerInvariant();
        query += after is null ? "" : $"&{EnrollmentListReader.AfterParameter}=" + Uri.EscapeDataString(after);
        return DashboardPaths.To("enrollments") + query;
    }

    private async Task<IResult> ShowAsync(DashboardRequest request)
    {
        var id = request.Route("id");
        var model = EnrollmentId.TryGetContactId(id, out _) ? await details.ReadAsync(id, request.Aborted) : null;
        return model is null
            ? await request.Message("Not found", new DashboardMessage("There is no enrollment with that id. It may have been erased with its contact.", DashboardPaths.To("enrollments"), "Back to enrollments"), StatusCodes.Status404NotFound)
            : await request.Page<EnrollmentPage>(model.Contact.Display + " in " + model.SequenceName, model);
    }

    private async Task<IResult> HaltAsync(DashboardRequest request)
    {
        var id = request.Route("id");
        if (!EnrollmentId.TryGetContactId(id, out _))
        {
            return await request.Message("Not found", new DashboardMessage("There is no enrollment with that id.", DashboardPaths.To("enrollments"), "Back to enrollments"), StatusCodes.Status404NotFound);
        }

        var halted = await halter.HaltAsync(id, EnrollmentWords.HaltedByHand, "the dashboard operator " + request.User!.DisplayName, request.Aborted);
        return request.SeeOther(
            "enrollments/" + Uri.EscapeDataString(id),
            halted ? "Halted. Nothing more will be sent in this follow-up." : "This follow-up had already ended, so nothing changed.");
    }

    private async Task<IResult> ReplayAsync(DashboardRequest request)
    {
        var (id, step) = (request.Route("id"), request.Route("step"));
        var outcome = EnrollmentId.TryGetContactId(id, out _) ? await replayer.ReplayAsync(id, step, request.Aborted) : ReplayOutcome.NotListed;
        return request.SeeOther("enrollments/" + Uri.EscapeDataString(id), outcome switch
        {
            ReplayOutcome.Replayed => $"Step {step} will be tried again now.",
            ReplayOutcome.Ended => $"Step {step} was not tried again: this follow-up has moved on since it failed.",
            _ => $"Step {step} is not waiting to be tried again; it may have been tried already.",
        });
    }

    private async Task<IResult> NewAsync(DashboardRequest request)
    {
        var sequences = await lists.SequencesAsync(request.Aborted);
        var form = new NewEnrollmentForm(request.Query("sequence"), null, null, null, null, null, null, RandomIds.Create(20));
        return await request.Page<NewEnrollmentPage>("Enroll a contact", new NewEnrollmentModel(sequences, form, null, null, null));
    }

    private async Task<IResult> EnrollAsync(DashboardRequest request)
    {
        var key = request.Field("key") is { Length: <= MaxKeyLength } given && given.All(char.IsAsciiLetterOrDigit) ? given : RandomIds.Create(20);
        var form = new NewEnrollmentForm(
            request.Field("sequenceId"), request.Field("email"), request.Field("phone"), request.Field("firstName"), request.Field("lastName"), request.Field("timeZone"), request.Field("data"), key);

        JsonElement? data = null;
        if (form.Data is not null)
        {
            try
            {
                data = JsonElement.Parse(form.Data);
            }
            catch (JsonException)
            {
                return await RefuseAsync(request, form, new Dictionary<string, string[]> { ["data"] = ["Write the data as a JSON object, such as {\"orderId\": \"A-100\"}, or leave it empty."] }, null, null, StatusCodes.Status400BadRequest);
            }
        }

        var body = new EnrollmentRequest(form.SequenceId, new ContactRequest(form.Email, form.Phone, form.FirstName, form.LastName, form.TimeZone), data);
        var result = await enrollments.EnrollOnceAsync(body, KeyPrefix + key, request.Aborted);
        if (result is EnrollmentResult.Created created)
        {
            return request.SeeOther("enrollments/" + Uri.EscapeDataString(created.Enrollment.EnrollmentId), "Enrolled. The first step is planned below.");
        }

        var none = new Dictionary<string, string[]>(StringComparer.Ordinal);
        return result switch
        {
            EnrollmentResult.Invalid invalid => await RefuseAsync(request, form, new(invalid.Errors.ToDictionary(), StringComparer.Ordinal), null, null, StatusCodes.Status400BadRequest),
            EnrollmentResult.SequenceNotFound => await RefuseAsync(request, form, new(StringComparer.Ordinal) { ["sequenceId"] = ["Choose one of the sequences."] }, null, null, StatusCodes.Status404NotFound),
            EnrollmentResult.ContactBeingErased => await RefuseAsync(request, form, new(StringComparer.Ordinal) { ["contact"] = [Problems.BeingErasedMessage] }, null, null, StatusCodes.Status409Conflict),
            EnrollmentResult.AlreadyEnrolled enrolled => await RefuseAsync(request, form, none, enrolled.Detail, enrolled.EnrollmentId, StatusCodes.Status409Conflict),
            EnrollmentResult.KeyReused => await RefuseAsync(request, form, none, "This form was already used to enroll someone. Open the form again to enroll another contact.", null, StatusCodes.Status422UnprocessableEntity),
            _ => throw new InvalidOperationException($"No page for {result.GetType().Name}."),
        };
    }

    private async Task<IResult> RefuseAsync(DashboardRequest request, NewEnrollmentForm form, Dictionary<string, string[]> errors, string? problem, string? existing, int status)
    {
        var sequences = await lists.SequencesAsync(request.Aborted);
        return await request.Page<NewEnrollmentPage>("Enroll a contact", new NewEnrollmentModel(sequences, form, errors.Count == 0 ? null : errors, problem, existing), status);
    }
}
