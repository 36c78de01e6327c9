using FollowUp.Engine.Channels;
using FollowUp.Engine.Contacts;
using FollowUp.Engine.Dispatch;
using FollowUp.Engine.Enrollments;
using FollowUp.Engine.Http;
using FollowUp.Engine.Replies;
using FollowUp.Engine.Scheduling;
using FollowUp.Engine.Sequences;
using FollowUp.Engine.Storage;
using FollowUp.Engine.Templates;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FollowUp.Engine;

/// <summary>Registers the whole engine for any host.</summary>
public static class FollowUpEngineServiceCollectionExtensions
{
    /// <summary>Registers storage, the scanner, the dispatcher, the channels and the HTTP handlers, with validated options.</summary>
    public static IServiceCollection AddFollowUpEngine(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<FollowUpOptions>().BindConfiguration(FollowUpOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(new FollowUpStorage(configuration));
        services.AddHostedService<StorageInitializer>();

        services.AddSingleton<TemplateRenderer>();
        services.AddSingleton<SequenceValidator>();
        services.AddSingleton<SequenceStore>();
        services.AddSingleton<ContactStore>();
        services.AddSingleton<EnrollmentStore>();
        services.AddSingleton<IdempotencyStore>();
        services.AddSingleton<EnrollmentService>();
        services.AddSingleton<DueIndex>();
        services.AddSingleton<StepQueue>();
        services.AddSingleton<StepScheduler>();
        services.AddSingleton<DueScanner>();
        services.AddSingleton<SendClaims>();
        services.AddSingleton<StepDispatcher>();
        services.AddSingleton<ReplyService>();

        services.AddSingleton<OutboxFolder>();
        services.TryAddSingleton<IEmailChannel, OutboxEmailChannel>();
        services.TryAddSingleton<ISmsChannel, OutboxSmsChannel>();

        services.AddSingleton<SequenceEndpoints>();
        services.AddSingleton<EnrollmentEndpoints>();
        services.AddSingleton<ReplyEndpoints>();
        services.AddSingleton<HealthEndpoint>();
        return services;
    }
}
