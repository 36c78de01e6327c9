namespace FollowUp.Engine.Storage;

/// <summary>The names of every table and queue FollowUp uses, kept in one place.</summary>
public static class StorageNames
{
    public const string SequencesTable = "Sequences";
    public const string ContactsTable = "Contacts";
    public const string ContactIndexTable = "ContactIndex";
    public const string EnrollmentsTable = "Enrollments";
    public const string DueIndexTable = "DueIndex";
    public const string SendsTable = "Sends";
    public const string IdempotencyTable = "Idempotency";
    public const string OptOutsTable = "OptOuts";
    public const string RateLimitsTable = "RateLimits";
    public const string SourcesTable = "Sources";
    public const string SourceDeliveriesTable = "SourceDeliveries";
    public const string SourceEnrollmentsTable = "SourceEnrollments";
    public const string TimelineTable = "Timeline";
    public const string ContactSendsTable = "ContactSends";
    public const string SequenceEnrollmentsTable = "SequenceEnrollments";
    public const string FormCountersTable = "FormCounters";
    public const string FormConfirmationsTable = "FormConfirmations";

    /// <summary>The <c>MessageSid</c>s of the Twilio inbound messages already acted on, so that a replayed request acts no more.</summary>
    public const string ProcessedSmsTable = "ProcessedSms";

    /// <summary>The steps whose queue message was dead-lettered, newest first, until they are replayed.</summary>
    public const string FailedStepsTable = "FailedSteps";

    /// <summary>Every scheduled step until its outcome is recorded, by due minute, so that the sweep reads only overdue steps.</summary>
    public const string NextDueTable = "NextDue";

    /// <summary>Per contact or address, the Idempotency, SourceEnrollments and FormConfirmations rows that name it, for erasure.</summary>
    public const string ContactReferencesTable = "ContactReferences";
    /// <summary>The notifications to the business of replies and other events, from before they are sent until their retention ends.</summary>
    public const string NotificationsTable = "Notifications";

    /// <summary>Where reading each IMAP mailbox has got to: its UIDVALIDITY and the last UID handled.</summary>
    public const string ImapCursorsTable = "ImapCursors";

    /// <summary>The messages read from an IMAP mailbox and handled, by a hash of their Message-ID, so that a re-read acts on none twice.</summary>
    public const string ImapMessagesTable = "ImapMessages";

    /// <summary>Per enrollment and step, the last tracked link clicked and the first click by a person, so that each person's click is counted once.</summary>
    public const string ClicksTable = "Clicks";

    /// <summary>The report's counters per sequence version, step, variant and hour, with the facts that make each count once.</summary>
    public const string FiguresTable = "Figures";

    /// <summary>Every enrollment of each sequence under its status, newest first, so that listing a page reads that page only.</summary>
    public const string EnrollmentsByStatusTable = "EnrollmentsByStatus";

    /// <summary>The latest replies of every contact, newest first, for the dashboard's replies page.</summary>
    public const string RecentRepliesTable = "RecentReplies";

    /// <summary>The queue of due steps, before <see cref="StoragePrefix"/>'s prefix.</summary>
    public const string StepQueue = "followups";

    /// <summary>The app setting the Functions queue triggers bind (<c>%FOLLOWUP_STEP_QUEUE%</c>): the step queue's name with its prefix, which the Bicep sets and the Functions app checks on start.</summary>
    public const string StepQueueSetting = "FOLLOWUP_STEP_QUEUE";

    /// <summary>Where a step message goes after the maximum number of dequeues, as the Functions runtime names it.</summary>
    public const string StepPoisonQueue = StepQueue + "-poison";

    /// <summary>The connection setting shared with the Functions runtime.</summary>
    public const string ConnectionSetting = "AzureWebJobsStorage";

    internal static readonly string[] AllTables =
        [SequencesTable, ContactsTable, ContactIndexTable, EnrollmentsTable, DueIndexTable, SendsTable, IdempotencyTable, OptOutsTable, RateLimitsTable, SourcesTable, SourceDeliveriesTable, SourceEnrollmentsTable, TimelineTable, ContactSendsTable, SequenceEnrollmentsTable, ProcessedSmsTable, FormCountersTable, FormConfirmationsTable, FailedStepsTable, NextDueTable, ContactReferencesTable, NotificationsTable, ImapCursorsTable, ImapMessagesTable, ClicksTable, FiguresTable, EnrollmentsByStatusTable, RecentRepliesTable];
}
