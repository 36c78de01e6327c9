using System.Text.Json;
using Azure;
using FollowUp.Engine.Channels;
using FollowUp.Engine.Contacts;
using FollowUp.Engine.Sequences;
using FollowUp.Engine.Timing;

namespace FollowUp.Engine.Enrollments;

/// <summary>One contact going through one version of a sequence.</summary>
public sealed class Enrollment
{
    public required string Id { get; init; }

    public required string ContactId { get; init; }

    public required string SequenceId { get; init; }

    /// <summary>The version the enrollment follows: the one it started with, until it is moved to a newer one.</summary>
    public required int SequenceVersion { get; set; }

    public EnrollmentStatus Status { get; set; }

    /// <summary>Why the enrollment was halted (<c>reply</c>), or null.</summary>
    public string? HaltReason { get; set; }

    public required DateTimeOffset EnrolledUtc { get; init; }

    /// <summary>The contact's IANA time zone when it enrolled, which its send window is read in; null when the contact had none.</summary>
    public string? ContactTimeZone { get; init; }

    /// <summary>When the enrollment completed or was halted.</summary>
    public DateTimeOffset? EndedUtc { get; set; }

    /// <summary>The data given at enrollment, which templates read as <c>data.*</c>.</summary>
    public required JsonElement Data { get; set; }

    public required IReadOnlyList<EnrollmentStep> Steps { get; set; }

    /// <summary>The index of the next step to send; equal to the step count when none is left.</summary>
    public int NextStepIndex { get; set; }

    /// <summary>The stored version, for optimistic concurrency.</summary>
    public ETag ETag { get; set; }

    /// <summary>The next step to send, or null when none is left.</summary>
    public EnrollmentStep? NextStep => NextStepIndex < Steps.Count ? Steps[NextStepIndex] : null;

    /// <summary>Starts an enrollment, computing each step's due time from the enrollment time and planning when it is sent.</summary>
    /// <param name="id">The new enrollment's id.</param>
    /// <param name="contact">The contact, whose time zone the schedule was resolved with.</param>
    /// <param name="sequence">The version the enrollment keeps.</param>
    /// <param name="data">What templates read as <c>data.*</c>.</param>
    /// <param name="now">The enrollment time.</param>
    /// <param name="schedule">The sequence's send rules for this contact and id.</param>
    public static Enrollment Start(string id, Contact contact, Sequence sequence, JsonElement data, DateTimeOffset now, SendSchedule schedule)
    {
        var due = now;
        var steps = new List<EnrollmentStep>(sequence.Steps.Count);
        foreach (var step in sequence.Steps)
        {
            due = schedule.AddDelay(due, step.After);
            steps.Add(EnrollmentStep.Pending(step, due, id));
        }

        var enrollment = new Enrollment
        {
            Id = id,
            ContactId = contact.Id,
            SequenceId = sequence.Id,
            SequenceVersion = sequence.Version,
            Status = EnrollmentStatus.Active,
            EnrolledUtc = now,
            ContactTimeZone = contact.TimeZone,
            Data = data,
            Steps = steps,
        };
        enrollment.PlanSends(schedule, 0, now);
        return enrollment;
    }

    /// <summary>Plans when each pending step from <paramref name="fromIndex"/> is sent: at its due time or the next moment the rules allow, never before the step ahead of it nor before <paramref name="notBefore"/>.</summary>
    public void PlanSends(SendSchedule schedule, int fromIndex, DateTimeOffset notBefore)
    {
        var previous = fromIndex > 0 && Steps[fromIndex - 1] is { } ahead ? Later(ahead.SentUtc ?? ahead.SendUtc, notBefore) : notBefore;
        foreach (var step in Steps.Skip(fromIndex).Where(s => s.Status == StepStatus.Pending))
        {
            step.SendUtc = schedule.ForStep(step.Id).SendTime(step.DueUtc, step.Channel, previous);
            previous = step.SendUtc;
        }
    }

    /// <summary>Moves step <paramref name="index"/>, found closed when it was about to go, and the steps after it to the next moment the rules allow.</summary>
    /// <returns>False when the enrollment has ended, the step is no longer next, or it is already planned that late.</returns>
    public bool DelayForWindow(int index, SendSchedule schedule, DateTimeOffset now)
    {
        if (Status != EnrollmentStatus.Active || NextStepIndex != index || Steps[index].SendUtc > now)
        {
            return false;
        }

        PlanSends(schedule, index, now);
        return true;
    }

    private static DateTimeOffset Later(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    /// <summary>The index of the step with this id, or -1.</summary>
    public int IndexOf(string stepId)
    {
        for (var i = 0; i < Steps.Count; i++)
        {
            if (Steps[i].Id == stepId)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Records how a step ended and moves past it; completes the enrollment after its last step.</summary>
    /// <returns>False when the outcome was already recorded.</returns>
    public bool RecordOutcome(int index, StepStatus status, DateTimeOffset at, string? providerMessageId, string? detail)
    {
        var step = Steps[index];
        if (step.Status == status || (step.IsFinished && step.Status != StepStatus.Skipped))
        {
            return false;
        }

        // A step skipped by a halt that raced its send is recorded as what really happened to it.
        step.Status = status;
        step.SentUtc = status == StepStatus.Sent ? at : null;
        step.ProviderMessageId = providerMessageId;
        step.Detail = detail;
        if (NextStepIndex <= index)
        {
            NextStepIndex = index + 1;
        }

        if (Status == EnrollmentStatus.Active && NextStep is null)
        {
            Status = EnrollmentStatus.Completed;
            EndedUtc = at;
        }

        return true;
    }

    /// <summary>Postpones step <paramref name="index"/> to <paramref name="until"/> and every later step by as much, so the author's spacing holds, then plans their sends again.</summary>
    /// <returns>False when the enrollment has ended, the step is no longer next, or it is already due that late.</returns>
    public bool Postpone(int index, DateTimeOffset until, SendSchedule schedule)
    {
        if (Status != EnrollmentStatus.Active || NextStepIndex != index || Steps[index].SendUtc >= until)
        {
            return false;
        }

        var delay = until - Steps[index].SendUtc;
        foreach (var step in Steps.Skip(index))
        {
            step.DueUtc += delay;
        }

        PlanSends(schedule, index, until);
        return true;
    }

    /// <summary>Replaces the data templates read, for a source whose later delivery updates what an earlier one enrolled (an abandoned checkout that changed).</summary>
    /// <returns>False when the enrollment has ended or the data is the same.</returns>
    public bool ReplaceData(JsonElement data)
    {
        if (Status != EnrollmentStatus.Active || JsonElement.DeepEquals(Data, data))
        {
            return false;
        }

        Data = data.Clone();
        return true;
    }

    /// <summary>Records the provider's delivery report on the sent step it is about.</summary>
    /// <returns>False when no sent step has that provider id, or the report was already recorded.</returns>
    public bool RecordDelivery(string stepId, string providerMessageId, DeliveryReport report, DateTimeOffset at)
    {
        var index = IndexOf(stepId);
        if (index < 0 || Steps[index] is not { Status: StepStatus.Sent } step || step.ProviderMessageId != providerMessageId
            || (step.Delivery == report.Status && step.DeliveryDetail == report.Detail))
        {
            return false;
        }

        step.Delivery = report.Status;
        step.DeliveryDetail = report.Detail;
        step.DeliveryUtc = at;
        return true;
    }

    /// <summary>Halts an active enrollment, marking the steps not yet sent as skipped.</summary>
    /// <returns>False when the enrollment was not active.</returns>
    public bool Halt(string reason, DateTimeOffset at)
    {
        if (Status != EnrollmentStatus.Active)
        {
            return false;
        }

        Status = EnrollmentStatus.Halted;
        HaltReason = reason;
        EndedUtc = at;
        foreach (var step in Steps.Skip(NextStepIndex))
        {
            step.Status = StepStatus.Skipped;
            step.Detail = $"Halted: {reason}.";
        }

        return true;
    }

    /// <summary>When the sequence's <c>onComplete</c> was acted on after the enrollment completed, or null.</summary>
    public DateTimeOffset? ChainedUtc { get; set; }

    /// <summary>Records the outcome on the step with this id, wherever a move put it.</summary>
    /// <remarks>
    /// A move during the send may have put steps before it that are not done; they are skipped, as a move skips the steps it
    /// puts behind the enrollment's position, so that no step before the next one is left pending.
    /// </remarks>
    /// <returns>False when the enrollment has no such step (a move removed it) or the outcome was already recorded.</returns>
    public bool RecordOutcome(string stepId, StepStatus status, DateTimeOffset at, string? providerMessageId, string? detail)
    {
        var index = IndexOf(stepId);
        if (index < 0 || !RecordOutcome(index, status, at, providerMessageId, detail))
        {
            return false;
        }

        foreach (var behind in Steps.Take(index).Where(s => s.Status == StepStatus.Pending))
        {
            SkipAsBehind(behind, SequenceVersion);
        }

        return true;
    }

    /// <summary>Skips a step that a new version put behind the enrollment's position: the enrollment is past it.</summary>
    private static void SkipAsBehind(EnrollmentStep step, int version)
    {
        step.Status = StepStatus.Skipped;
        step.Detail = $"Added in v{version} behind the enrollment's position.";
    }

    /// <summary>Moves an active enrollment to another version of its sequence, keeping what already happened.</summary>
    /// <remarks>
    /// Steps are matched by id. A finished step the version keeps keeps its record; a step the version removed leaves the
    /// step list, so it is never sent. A step placed before the last finished one is skipped, since the enrollment is past
    /// it. The steps still to send are due by the version's <c>after</c> chain from the step before them, and get their
    /// variant from the version's variants (the same one where the version kept the step's variants); a finished step keeps
    /// the variant it was sent as.
    /// </remarks>
    /// <returns>False when the enrollment is not active or already follows that version.</returns>
    public bool MoveTo(Sequence version, SendSchedule schedule, DateTimeOffset now)
    {
        if (Status != EnrollmentStatus.Active || version.Id != SequenceId || version.Version == SequenceVersion)
        {
            return false;
        }

        var finished = Steps.Where(s => s.IsFinished).ToDictionary(s => s.Id);
        var lastFinished = -1;
        for (var i = 0; i < version.Steps.Count; i++)
        {
            if (finished.ContainsKey(version.Steps[i].Id))
            {
                lastFinished = i;
            }
        }

        var steps = new List<EnrollmentStep>(version.Steps.Count);
        var due = EnrolledUtc;
        for (var i = 0; i < version.Steps.Count; i++)
        {
            var definition = version.Steps[i];
            if (finished.TryGetValue(definition.Id, out var kept))
            {
                steps.Add(kept);
                due = kept.DueUtc;
                continue;
            }

            due = schedule.AddDelay(due, definition.After);
            var step = EnrollmentStep.Pending(definition, due, Id);
            if (i < lastFinished)
            {
                SkipAsBehind(step, version.Version);
            }

            steps.Add(step);
        }

        Steps = steps;
        SequenceVersion = version.Version;
        NextStepIndex = steps.FindIndex(s => !s.IsFinished) is var next and >= 0 ? next : steps.Count;
        if (NextStep is null)
        {
            Status = EnrollmentStatus.Completed;
            EndedUtc = now;
        }
        else
        {
            PlanSends(schedule, NextStepIndex, now);
        }

        return true;
    }

    /// <summary>Records that the sequence's <c>onComplete</c> was acted on.</summary>
    /// <returns>False when it already was.</returns>
    public bool MarkChained(DateTimeOffset at)
    {
        if (ChainedUtc is not null)
        {
            return false;
        }

        ChainedUtc = at;
        return true;
    }
}
