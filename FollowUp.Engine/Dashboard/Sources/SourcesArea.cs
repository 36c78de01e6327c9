using System.Globalization;
using FollowUp.Engine.Http;
using FollowUp.Engine.Listing;
using FollowUp.Engine.Sequences;
using FollowUp.Engine.Sources;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FollowUp.Engine.Dashboard.Sources;

/// <summary>The sources pages: the list, a new source of each kind (saved through the API's validator and store), and a source's address, secret state, form snippet and recent deliveries.</summary>
public sealed class SourcesArea(
    SourceStore store,
    SourceValidator validator,
    DeliveryHistory history,
    SequenceCatalog catalog,
    SequenceStore sequences,
    IConfiguration configuration,
    IOptions<FollowUpOptions> options,
    TimeProvider time,
    ILogger<SourcesArea> logger) : IDashboardArea
{
    /// <summary>How many sources the list shows.</summary>
    public const int MaxListed = 200;

    /// <summary>How many recent deliveries a source's page shows.</summary>
    public const int DeliveriesShown = 20;

    /// <summary>How many sequences the new-source form offers.</summary>
    public const int SequencesOffered = 100;

    /// <inheritdoc />
    public void Map(DashboardRouteTable routes)
    {
        routes.Get("sources", ListAsync);
        routes.Get("sources/new/{kind}", NewAsync);
        routes.Post("sources/new/{kind}", CreateAsync);
        routes.Get("sources/{id}", ShowAsync);
    }

    private async Task<IResult> ListAsync(DashboardRequest request)
    {
        var list = await store.ListAsync(MaxListed, request.Aborted);
        var names = await NamesAsync(list.SelectMany(source => source.On.Values), request.Aborted);
        var rows = list.Select(source => new SourceRow(source.Id, SourceSetup.Of(source.Kind), Does(source, names), SecretSet(source), source.UpdatedUtc)).ToList();
        return await request.Page<SourceListPage>("Sources", new SourceListModel(rows));
    }

    private async Task<IResult> NewAsync(DashboardRequest request)
    {
        if (SourceSetup.Find(request.Route("kind")) is not { } setup)
        {
            return await UnknownKindAsync(request);
        }

        var values = new SourceFormValues(null, null, setup.Kind == SourceKind.Form ? null : setup.ExampleTrigger, setup.Kind == SourceKind.Form ? null : setup.SuggestedSecretSetting, null, null);
        return await FormAsync(request, setup, values, null, StatusCodes.Status200OK);
    }

    private async Task<IResult> CreateAsync(DashboardRequest request)
    {
        if (SourceSetup.Find(request.Route("kind")) is not { } setup)
        {
            return await UnknownKindAsync(request);
        }

        var form = setup.Kind == SourceKind.Form;
        var values = new SourceFormValues(
            request.Field("id"),
            request.Field("enroll"),
            form ? null : request.Field("trigger"),
            form ? null : request.Field("secretSetting"),
            form ? request.Field("redirectUrl") : null,
            form ? request.Field("allowedOrigins") : null,
            request.Field("doubleOptIn") is "on" or "off" ? request.Field("doubleOptIn")! : "default");
        var id = values.Id ?? "";
        var trigger = form ? FollowUp.Engine.Sources.Forms.FormReceiver.Trigger : values.Trigger ?? "";
        var sourceRequest = new SourceRequest(
            setup.Kind,
            values.SecretSetting,
            new Dictionary<string, SourceActionRequest?>(StringComparer.Ordinal) { [trigger] = new SourceActionRequest(values.Enroll, null) },
            values.RedirectUrl,
            values.AllowedOrigins?.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            DoubleOptIn: values.DoubleOptIn switch { "on" => true, "off" => false, _ => null });

        var errors = new ValidationErrors();
        if (values.Id is null)
        {
            errors.Add("id", "Give the source a name.");
        }
        else if (Identifiers.IsValid(id) && await store.GetAsync(id, request.Aborted) is not null)
        {
            errors.Add("id", "A source already has this name; choose another.");
        }

        var source = await validator.ValidateAsync(id, sourceRequest, time.GetUtcNow(), errors, request.Aborted);
        if (source is not null && !SourceStore.Fits(source))
        {
            errors.Add("allowedOrigins", FormattableString.Invariant($"The source is too long to store: at most {SourceStore.MaxDocumentLength:N0} characters. List fewer websites."));
        }

        if (!errors.IsEmpty || source is null)
        {
            var found = errors.ToDictionary();
            if (values.Enroll is null)
            {
                // The API's words ask for 'enroll' or 'event'; this form offers only the sequence.
                var others = found.TryGetValue("on." + trigger, out var messages) ? messages.Where(message => !message.StartsWith("Give 'enroll'", StringComparison.Ordinal)).ToArray() : [];
                found.Remove("on." + trigger);
                if (others.Length > 0)
                {
                    found["on." + trigger] = others;
                }

                found["on." + trigger + ".enroll"] = ["Choose the sequence that people from this source start."];
            }

            return await FormAsync(request, setup, values, FieldsOf(found, form), StatusCodes.Status400BadRequest);
        }

        await store.SaveAsync(source, request.Aborted);
        logger.LogInformation("Operator {OperatorId} saved source {SourceId} ({Kind}) on the dashboard", request.User!.Id, source.Id, source.Kind);
        return request.SeeOther("sources/" + Uri.EscapeDataString(source.Id), form
            ? "The form source is saved. Copy the form below into your website."
            : $"The source is saved. Now set up {setup.Title} with the steps below.");
    }

    private async Task<IResult> ShowAsync(DashboardRequest request)
    {
        var id = request.Route("id");
        if (!Identifiers.IsValid(id) || await store.GetAsync(id, request.Aborted) is not { } source)
        {
            return await request.Message("Source not found", new DashboardMessage("There is no source with this name.", DashboardPaths.To("sources"), "All sources"), StatusCodes.Status404NotFound);
        }

        var names = await NamesAsync(source.On.Values, request.Aborted);
        var addresses = SourceAddresses.For(options.Value.PublicBaseUrl, request.Http.Request);
        var url = addresses.DeliveryUrl(source.Id);
        var deliveries = await history.ListAsync(source.Id, DeliveriesShown, request.Aborted);
        var model = new SourceModel(source, SourceSetup.Of(source.Kind), url, addresses.FromSetting, SecretSet(source), names, source.Form is { } settings ? FormSnippet.Html(url, settings) : null, deliveries);
        return await request.Page<SourcePage>(source.Id, model);
    }

    private async Task<IResult> FormAsync(DashboardRequest request, SourceSetup setup, SourceFormValues values, IReadOnlyDictionary<string, string[]>? errors, int status)
    {
        var (list, _) = await catalog.PageAsync(null, SequencesOffered, request.Aborted);
        var offered = list.Select(sequence => new KeyValuePair<string, string>(sequence.Id, sequence.Name)).ToList();
        var addresses = SourceAddresses.For(options.Value.PublicBaseUrl, request.Http.Request);
        return await request.Page<SourceNewPage>("New source: " + setup.Title, new SourceFormModel(setup, offered, values, errors, addresses), status);
    }

    /// <summary>The names of the sequences these actions enroll into, by id; one read per sequence.</summary>
    private async Task<Dictionary<string, string>> NamesAsync(IEnumerable<SourceAction> actions, CancellationToken cancellationToken)
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var sequenceId in actions.Select(action => action.Enroll).OfType<string>().Distinct(StringComparer.Ordinal))
        {
            names[sequenceId] = (await sequences.GetLatestAsync(sequenceId, cancellationToken))?.Name ?? sequenceId;
        }

        return names;
    }

    private static Task<IResult> UnknownKindAsync(DashboardRequest request) =>
        request.Message("Not found", new DashboardMessage("FollowUp does not know this kind of source.", DashboardPaths.To("sources"), "All sources"), StatusCodes.Status404NotFound);

    /// <summary>The validator's errors under the names of this form's fields: each <c>on.*</c> error beside the trigger or the sequence, each website beside the list.</summary>
    private static Dictionary<string, string[]> FieldsOf(IDictionary<string, string[]> errors, bool form)
    {
        var fields = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (key, messages) in errors)
        {
            var (field, prefix) = key switch
            {
                _ when key.StartsWith("on.", StringComparison.Ordinal) && key.EndsWith(".enroll", StringComparison.Ordinal) => ("enroll", ""),
                _ when key.StartsWith("on", StringComparison.Ordinal) => (form ? "enroll" : "trigger", ""),
                _ when key.StartsWith("allowedOrigins[", StringComparison.Ordinal) => ("allowedOrigins", $"Line {LineOf(key)}: "),
                "id" or "secretSetting" or "redirectUrl" or "allowedOrigins" or "doubleOptIn" => (key, ""),
                _ => ("form", ""),
            };
            (fields.TryGetValue(field, out var list) ? list : fields[field] = []).AddRange(messages.Select(message => prefix + message));
        }

        return fields.ToDictionary(pair => pair.Key, pair => pair.Value.ToArray(), StringComparer.Ordinal);
    }

    private static string LineOf(string key) =>
        int.TryParse(key.AsSpan()[(key.IndexOf('[') + 1)..key.IndexOf(']')], NumberStyles.None, CultureInfo.InvariantCulture, out var index) ? (index + 1).ToString(CultureInfo.InvariantCulture) : "?";

    /// <summary>Whether the source's secret setting holds a value on this app; null for forms. The value itself is never read out.</summary>
    private bool? SecretSet(Source source) =>
        source.SecretSetting is null ? null : SourceSecrets.IsSecretSetting(source.SecretSetting) && !string.IsNullOrEmpty(configuration[source.SecretSetting]);

    /// <summary>What the source's deliveries do, in words.</summary>
    private static string Does(Source source, IReadOnlyDictionary<string, string>? names) =>
        string.Join("; ", source.On.Select(pair =>
            (source.Kind == SourceKind.Form ? "Each submission" : pair.Key) + " → "
            + string.Join(" and ", new[]
            {
                pair.Value.Enroll is { } sequence ? "starts " + (names?.GetValueOrDefault(sequence) ?? sequence) : null,
                pair.Value.Event is { } name ? "raises " + name : null,
            }.OfType<string>())));
}
