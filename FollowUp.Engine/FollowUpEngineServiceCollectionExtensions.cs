using FollowUp.Engine.Caps;
using FollowUp.Engine.Channels;
using FollowUp.Engine.Channels.Acs;
using FollowUp.Engine.Channels.Smtp;
using FollowUp.Engine.Channels.Twilio;
using FollowUp.Engine.Clicks;
using FollowUp.Engine.Contacts;
using FollowUp.Engine.Dashboard;
using FollowUp.Engine.Dispatch;
using FollowUp.Engine.Enrollments;
using FollowUp.Engine.Failures;
using FollowUp.Engine.Events;
using FollowUp.Engine.Http;
using FollowUp.Engine.Inbound;
using FollowUp.Engine.Inbound.Email;
using FollowUp.Engine.Inbound.Imap;
using FollowUp.Engine.Inbound.Sms;
using FollowUp.Engine.Limits;
using FollowUp.Engine.OptOuts;
using FollowUp.Engine.Replies;
using FollowUp.Engine.Scheduling;
using FollowUp.Engine.Sequences;
using FollowUp.Engine.Sources;
using FollowUp.Engine.Sources.Confirmations;
using FollowUp.Engine.Sources.Forms;
using FollowUp.Engine.Sources.Shopify;
using FollowUp.Engine.Sources.Typeform;
using FollowUp.Engine.Sources.WooCommerce;
using FollowUp.Engine.Sources.Webhooks;
using FollowUp.Engine.Storage;
using FollowUp.Engine.Signing;
using FollowUp.Engine.Templates;
using FollowUp.Engine.Timeline;
using FollowUp.Engine.Timing;
using FollowUp.Engine.Unsubscribe;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace FollowUp.Engine;

/// <summary>Registers the whole engine for any host.</summary>
public static class FollowUpEngineServiceCollectionExtensions
{
    /// <summary>Registers storage, the scanner, the dispatcher, the channels and the HTTP handlers, with validated options.</summary>
    public static IServiceCollection AddFollowUpEngine(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<FollowUpOptions>().BindConfiguration(FollowUpOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<FollowUpOptions>, FollowUpOptionsValidator>();
        services.AddSingleton<IValidateOptions<FollowUpOptions>, ImapOptionsValidator>();
        services.AddSingleton<IValidateOptions<FollowUpOptions>>(provider => new EnvironmentOptionsValidator(provider.GetService<IHostEnvironment>()));
        services.AddSingleton<IValidateOptions<FollowUpOptions>>(new Scheduling.ScanScheduleCheck(configuration));
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(provider => new FollowUpStorage(configuration, provider.GetService<StorageRequestCounter>()));
        services.AddHostedService<StorageInitializer>();
        services.AddHostedService<Reports.FigureLayoutUpgrade>();

        services.AddSingleton<TemplateRenderer>();
        services.AddSingleton<SequenceValidator>();
        services.AddSingleton<SequenceStore>();
        services.AddSingleton<SequenceSaver>();
        services.AddSingleton<SequenceTemplates>();
        services.AddSingleton<ContactStore>();
        services.AddSingleton<ContactReferences>();
        services.AddSingleton<ContactEraser>();
        services.AddSingleton<Retention.RetentionCleaner>();
        services.AddSingleton<SmsCountries>();
        services.AddSingleton<OptOutStore>();
        services.AddSingleton<OperatorConsent>();
        services.AddSingleton<EnrollmentStore>();
        services.AddSingleton<SequenceEnrollments>();
        services.AddSingleton<EnrollmentsByStatus>();
        services.AddSingleton<TimelineStore>();
        services.AddSingleton<Reports.FigureStore>();
        services.AddSingleton<Reports.StepFigures>();
        services.AddSingleton<Reports.ReportEndpoints>();
        services.AddSingleton<TokenSigner>();
        services.AddSingleton<IdempotencyStore>();
        services.AddSingleton<SendPlanner>();
        services.AddSingleton<EnrollmentService>();
        services.AddSingleton<IdempotentEnrollments>();
        services.AddSingleton<EnrollmentChainer>();
        services.AddSingleton<EnrollmentMover>();
        services.AddSingleton<DueIndex>();
        services.AddSingleton<StepQueue>();
        services.AddSingleton<StepScheduler>();
        services.AddSingleton<DueScanner>();
        services.AddSingleton<NextDueIndex>();
        services.AddSingleton<NextDueBackfill>();
        services.AddSingleton<StepSweeper>();
        services.AddSingleton<SendClaims>();
        services.AddSingleton<ContactCap>();
        services.AddSingleton<SendRateLimits>();
        services.AddSingleton<SendRateLimiter>();
        services.AddSingleton<UnsubscribeLinks>();
        services.AddHostedService(provider => provider.GetRequiredService<UnsubscribeLinks>());
        services.AddSingleton<UnsubscribeService>();
        services.AddSingleton<ClickLinks>();
        services.AddSingleton<ClickRecorder>();
        services.AddSingleton<ClickEndpoints>();
        services.AddSingleton<MessageComposer>();
        services.AddSingleton<DeliveryTracking>();
        services.AddSingleton<StepChannels>();
        services.AddSingleton<StepPostponer>();
        services.AddSingleton<SendClaimant>();
        services.AddSingleton<StepSender>();
        services.AddSingleton<StepRecorder>();
        services.AddSingleton<StepDispatcher>();
        services.AddSingleton<FailedStepStore>();
        services.AddSingleton<DeadLetterHandler>();
        services.AddSingleton<StuckStepHandler>();
        services.AddSingleton<FailureReplayer>();
        services.AddSingleton<FailureEndpoints>();
        services.AddSingleton<EnrollmentHalter>();
        services.AddSingleton<ReplyService>();
        services.AddSingleton<RecentReplies>();
        services.AddSingleton<StopRequests>();
        services.AddSingleton<InboundSmsService>();
        services.AddSingleton<ProcessedSmsStore>();
        services.AddSingleton<ReplyAddress>();
        services.AddSingleton<InboundEmailService>();
        services.AddSingleton<Notifications.NotificationStore>();
        services.AddSingleton<Notifications.NotificationSender>();
        services.AddSingleton<Notifications.ReplyNotifier>();
        services.AddHttpClient(ImapLogin.HttpClientName).RedactLoggedHeaders(_ => true);
        services.AddSingleton<ImapLogin>();
        services.AddSingleton<ImapCursorStore>();
        services.AddSingleton<ImapReader>();
        services.AddSingleton<EventService>();
        services.AddSingleton<SourceValidator>();
        services.AddSingleton<SourceStore>();
        services.AddSingleton<DeliveryLog>();
        services.AddSingleton<DeliveryHistory>();
        services.AddSingleton<KeyedEnrollments>();
        services.AddSingleton<SourceActionRunner>();
        services.AddSingleton<ISourceReceiver, StandardWebhookReceiver>();
        services.AddSingleton<ISourceReceiver, TypeformReceiver>();
        services.AddSingleton<ISourceReceiver, ShopifyReceiver>();
        services.AddSingleton<ISourceReceiver, WooCommerceReceiver>();
        services.AddSingleton<FormRateCap>();
        services.AddSingleton<CaptchaVerifier>();
        services.AddSingleton<ConfirmationStore>();
        services.AddSingleton<ConfirmationLinks>();
        services.AddSingleton<ConfirmationRequests>();
        services.AddSingleton<ConfirmationEndpoints>();
        services.AddSingleton<FormReceiver>();
        services.AddSingleton<ISourceReceiver>(provider => provider.GetRequiredService<FormReceiver>());

        AddChannels(services);

        services.AddSingleton<SequenceEndpoints>();
        services.AddSingleton<SequencePreview>();
        services.AddSingleton<EnrollmentEndpoints>();
        services.AddSingleton<ReplyEndpoints>();
        services.AddSingleton<InboundEmailEndpoints>();
        services.AddSingleton<EventEndpoints>();
        services.AddSingleton<ContactEndpoints>();
        services.AddSingleton<Listing.ListingEndpoints>();
        services.AddSingleton<Listing.ListingToken>();
        services.AddSingleton<Listing.SequenceCatalog>();
        services.AddSingleton<SourceEndpoints>();
        services.AddSingleton<SourceDeliveryEndpoints>();
        services.AddSingleton<TwilioStatusEndpoints>();
        services.AddSingleton<UnsubscribeEndpoints>();
        services.AddSingleton<TwilioInboundEndpoints>();
        services.AddSingleton<HealthEndpoint>();
        services.AddSingleton<HealthDetailEndpoint>();
        services.AddDashboard();
        return services;
    }

    /// <summary>Registers every channel and picks the email and SMS channel named by <c>FollowUp:Email:Provider</c> and <c>FollowUp:Sms:Provider</c>.</summary>
    /// <remarks>The picks are TryAdd, so a host or a test can register its own channel first.</remarks>
    private static void AddChannels(IServiceCollection services)
    {
        services.AddProviderHttpClients();
        services.AddSingleton<OutboxFolder>();
        services.AddSingleton<OutboxEmailChannel>();
        services.AddSingleton<OutboxSmsChannel>();
        services.AddSingleton<AcsEmailChannel>();
        services.AddSingleton<SmtpEmailChannel>();
        services.AddSingleton<TwilioSmsChannel>();
        services.TryAddSingleton<IEmailChannel>(provider => provider.GetRequiredService<IOptions<FollowUpOptions>>().Value.Email.Provider switch
        {
            EmailProvider.Acs => provider.GetRequiredService<AcsEmailChannel>(),
            EmailProvider.Smtp => provider.GetRequiredService<SmtpEmailChannel>(),
            _ => provider.GetRequiredService<OutboxEmailChannel>(),
        });
        services.TryAddSingleton<ISmsChannel>(provider => provider.GetRequiredService<IOptions<FollowUpOptions>>().Value.Sms.Provider switch
        {
            SmsProvider.Twilio => provider.GetRequiredService<TwilioSmsChannel>(),
            _ => provider.GetRequiredService<OutboxSmsChannel>(),
        });
    }
}
