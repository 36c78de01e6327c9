using System.Net.Http.Json;
using System.Xml;
using FollowUp.Benchmarks.Lateness;
using FollowUp.Benchmarks.Reporting;
using FollowUp.Engine;
using FollowUp.Engine.Contacts;
using FollowUp.Engine.Enrollments;
using FollowUp.Engine.Http;
using FollowUp.Engine.Sequences;

namespace FollowUp.Benchmarks.Transactions;

/// <summary>Enrolls contacts in single-step sequences whose steps fall due at spread-out times, then lets the app idle until each is sent and reads how late.</summary>
/// <remarks>
/// The due times spread over one and a half scan intervals, so they fall at every phase of the scan's schedule and of the
/// queue's backed-off polling: the earliest are enqueued at enrollment, the later ones by a scan. Each contact is enrolled
/// alone, so nothing else wakes the queue listener between two due times. Sends are watched in the outbox, which adds no
/// storage requests; the times are read from the API at the end.
/// </remarks>
internal sealed class SpreadLatenessRun(LocalApp app, string outboxPath, ProgressLog log)
{
    /// <summary>Steps, one per sequence and contact.</summary>
    public const int Steps = 24;

    private const string SequencePrefix = "transactions-lateness-";

    /// <summary>The first step's delay after its enrollment.</summary>
    private static readonly TimeSpan FirstDelay = TimeSpan.FromSeconds(30);

    /// <summary>How long after the last due time plus the bound the run waits before it gives up.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    /// <summary>Runs it: the due times spread over 1.5 × <paramref name="scanInterval"/>; the wait ends <paramref name="bound"/> plus a patience after the last.</summary>
    public async Task<IReadOnlyList<StepTiming>> RunAsync(TimeSpan scanInterval, TimeSpan bound, CancellationToken cancellationToken)
    {
        var spread = scanInterval * 1.5;
        var alreadySent = Directory.GetFiles(outboxPath, "*.eml").Length;
        var created = new List<EnrollmentCreated>();
        for (var i = 0; i < Steps; i++)
        {
            var delay = TimeSpan.FromSeconds(Math.Round((FirstDelay + (spread * i / (Steps - 1))).TotalSeconds));
            created.Add(await EnrollAsync(app.Http, i, delay, cancellationToken));
        }

        var lastDue = created.Max(c => c.NextDueUtc!.Value);
        log.Line($"lateness: {Steps} steps due from {created.Min(c => c.NextDueUtc!.Value):HH:mm:ss} to {lastDue:HH:mm:ss} UTC; waiting until {lastDue + bound + Patience:HH:mm:ss} at most");
        await WaitForSendsAsync(alreadySent + Steps, lastDue + bound + Patience, cancellationToken);

        var timings = new List<StepTiming>();
        foreach (var enrollment in created)
        {
            timings.Add(await TimingAsync(app.Http, enrollment.EnrollmentId, cancellationToken));
        }

        return timings;
    }

    /// <summary>Puts a sequence whose one step is due <paramref name="delay"/> after enrollment, and enrolls contact <paramref name="i"/> in it.</summary>
    public static async Task<EnrollmentCreated> EnrollAsync(HttpClient http, int i, TimeSpan delay, CancellationToken cancellationToken)
    {
        var id = SequencePrefix + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var sequence = new SequenceRequest(
            "Lateness while idle",
            [new SequenceStepRequest("only", XmlConvert.ToString(delay), StepChannel.Email, "Hello {{ contact.firstName }}", "Hi {{ contact.firstName }}, just checking in.", null)],
            new StopRulesRequest(true));
        using (var response = await http.PutAsJsonAsync($"/api/sequences/{id}", sequence, FollowUpJson.Options, cancellationToken))
        {
            response.EnsureSuccessStatusCode();
        }

        var enrollment = new EnrollmentRequest(id, new ContactRequest($"idle{i}@example.com", null, "Ada", null, null), null);
        using var enrolled = await http.PostAsJsonAsync("/api/enrollments", enrollment, FollowUpJson.Options, cancellationToken);
        enrolled.EnsureSuccessStatusCode();
        return (await enrolled.Content.ReadFromJsonAsync<EnrollmentCreated>(FollowUpJson.Options, cancellationToken))!;
    }

    /// <summary>The step's due and sent times, as the API shows them.</summary>
    public static async Task<StepTiming> TimingAsync(HttpClient http, string enrollmentId, CancellationToken cancellationToken)
    {
        var view = (await http.GetFromJsonAsync<EnrollmentView>($"/api/enrollments/{enrollmentId}", FollowUpJson.Options, cancellationToken))!;
        var step = view.Steps[0];
        return new StepTiming(view.EnrollmentId, step.DueUtc, null, step.Status == StepStatus.Sent ? step.SentUtc : null);
    }

    private async Task WaitForSendsAsync(int files, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        var time = TimeProvider.System;
        var reported = 0;
        while (time.GetUtcNow() < deadline)
        {
            var sent = Directory.GetFiles(outboxPath, "*.eml").Length - (files - Steps);
            if (sent >= Steps)
            {
                return;
            }

            if (sent != reported)
            {
                log.Line($"lateness: {sent} of {Steps} sent");
                reported = sent;
            }

            await Task.Delay(TimeSpan.FromSeconds(1), time, cancellationToken);
        }

        log.Line($"lateness: WARNING gave up waiting with {Directory.GetFiles(outboxPath, "*.eml").Length - (files - Steps)} of {Steps} sent");
    }
}
