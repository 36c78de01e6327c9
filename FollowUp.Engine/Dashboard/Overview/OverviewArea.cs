using FollowUp.Engine.Contacts;
using FollowUp.Engine.Enrollments;
using FollowUp.Engine.Failures;
using FollowUp.Engine.Listing;
using FollowUp.Engine.Reports;
using FollowUp.Engine.Scheduling;
using FollowUp.Engine.Sequences;
using Microsoft.AspNetCore.Http;

namespace FollowUp.Engine.Dashboard.Overview;

/// <summary>The dashboard's first page: what went out and came back today and this week, what needs attention, what goes out next, and whether the providers answer.</summary>
/// <remarks>
/// Its reads, all at once: the sequence ids (one key-only query), the activity rows of this week (one short range per
/// sequence and figure shard), the latest failures (one query), the next <see cref="UpcomingShown"/> rows of the NextDue
/// index (one query) with a point read of each one's enrollment and contact, and a connection to each provider.
/// </remarks>
public sealed class OverviewArea(
    FailedStepStore failures,
    SequenceCatalog catalog,
    FigureStore figures,
    NextDueIndex nextDue,
    EnrollmentStore enrollments,
    ContactStore contacts,
    SequenceStore sequences,
    ProviderCheck providers,
    DashboardTime time,
    TimeProvider clock) : IDashboardArea
{
    /// <summary>How many failed steps the overview lists.</summary>
    public const int FailuresShown = 10;

    /// <summary>How many of the next sends the overview lists.</summary>
    public const int UpcomingShown = 10;

    /// <inheritdoc />
    public void Map(DashboardRouteTable routes) => routes.Get("", ShowAsync);

    private async Task<IResult> ShowAsync(DashboardRequest request)
    {
        var activity = ActivityAsync(request.Aborted);
        var failed = failures.ListAsync(FailuresShown, request.Aborted);
        var upcoming = UpcomingAsync(request.Aborted);
        var checks = providers.CheckAsync(request.Aborted);
        return await request.Page<OverviewPage>("Overview", new OverviewModel(await activity, await failed, await upcoming, await checks));
    }

    /// <summary>Sums the activity rows since Monday's midnight in the business's zone, and those since today's midnight.</summary>
    private async Task<OverviewActivity> ActivityAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var today = time.StartOfDay(now);
        var sinceMonday = ((int)time.Local(now).DayOfWeek + 6) % 7;
        var monday = sinceMonday == 0 ? today : time.StartOfDay(today.AddDays(-sinceMonday).AddHours(12));
        var hours = await figures.ReadActivityAsync(await catalog.ListIdsAsync(cancellationToken), monday, now, cancellationToken);
        var todayHour = new DateTimeOffset(today.UtcDateTime.Date.AddHours(today.UtcDateTime.Hour), TimeSpan.Zero);
        var ofToday = hours.Where(h => h.HourUtc >= todayHour).ToList();
        return new OverviewActivity(ofToday.Sum(h => h.Sent), hours.Sum(h => h.Sent), ofToday.Sum(h => h.Replied), hours.Sum(h => h.Replied));
    }

    /// <summary>The next steps due from this minute on, each with its contact's name and its sequence's.</summary>
    private async Task<IReadOnlyList<UpcomingSend>> UpcomingAsync(CancellationToken cancellationToken)
    {
        var rows = await nextDue.NextAsync(clock.GetUtcNow(), UpcomingShown, cancellationToken);
        var sends = await Task.WhenAll(rows.OrderBy(row => row.DueUtc).Select(async row =>
        {
            var enrollment = enrollments.GetAsync(row.EnrollmentId, cancellationToken);
            var contact = EnrollmentId.TryGetContactId(row.EnrollmentId, out var contactId) ? contacts.GetAsync(contactId, cancellationToken) : Task.FromResult<Contact?>(null);
            if (await enrollment is not { } found)
            {
                return null;
            }

            var sequence = await sequences.FindAsync(found.SequenceId, row.SequenceVersion, cancellationToken);
            var person = await contact is { } known ? string.Join(' ', new[] { known.FirstName, known.LastName }.Where(n => !string.IsNullOrWhiteSpace(n))) : "";
            var index = sequence?.Steps.ToList().FindIndex(s => s.Id == row.StepId) ?? -1;
            var step = index < 0 ? row.StepId : $"{index + 1}. {(sequence!.Steps[index].Channel == StepChannel.Sms ? "SMS" : "Email")} · {row.StepId}";
            return new UpcomingSend(row.DueUtc, row.EnrollmentId, person.Length > 0 ? person : null, sequence?.Name ?? found.SequenceId, step);
        }));
        return [.. sends.OfType<UpcomingSend>()];
    }
}
