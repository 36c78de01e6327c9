using System.Globalization;
using System.Text;
using System.Text.Json;
using FollowUp.Engine.Http;
using FollowUp.Engine.Listing;
using FollowUp.Engine.Reports;
using FollowUp.Engine.Sequences;
using Microsoft.AspNetCore.Http;

namespace FollowUp.Engine.Dashboard.Sequences;

/// <summary>The sequences: the list with each one's figures, a sequence's page, new ones from templates, and the editor (a form, or the JSON) that saves a new version through the same checks as <c>PUT /api/sequences/{id}</c>.</summary>
public sealed class SequencesArea(
    SequenceCatalog catalog,
    SequenceStore store,
    SequenceSaver saver,
    SequencePreview preview,
    SequenceTemplates templates,
    FigureStore figures,
    ListingToken tokens) : IDashboardArea
{
    /// <summary>The id in the editor's address of a sequence not saved yet.</summary>
    public const string NewId = "new";

    /// <summary>How many sequences a page of the list shows: read with one query of the Sequences table and one figures query per shard for the whole page.</summary>
    public const int PageSize = 25;

    private const string ListScope = "dashboard sequences";

    private static readonly JsonSerializerOptions Indented = new(FollowUpJson.Options) { WriteIndented = true };

    /// <inheritdoc />
    public void Map(DashboardRouteTable routes)
    {
        routes.Get("sequences", ListAsync);
        routes.Get("sequences/new", TemplatesAsync);
        routes.Get("sequences/{id}", ShowAsync);
        routes.Get("sequences/{id}/edit", EditAsync);
        routes.Post("sequences/{id}/edit", EditPostAsync);
        routes.Get("sequences/{id}/json", JsonAsync);
        routes.Post("sequences/{id}/json", JsonPostAsync);
    }

    private async Task<IResult> ListAsync(DashboardRequest request)
    {
        string? after = null;
        if (request.Query("after") is { } token && (!tokens.TryRead(ListScope, token, out after) || !Identifiers.IsValid(after)))
        {
            return await request.Message("Sequences", new DashboardMessage("This link to a later page has expired. Start again from the first page.", DashboardPaths.To("sequences"), "First page"), StatusCodes.Status400BadRequest);
        }

        var (page, more) = await catalog.PageAsync(after, PageSize, request.Aborted);
        var totals = await figures.ReadTotalsAsync([.. page.Select(sequence => sequence.Id)], request.Aborted);
        var rows = page.Select(sequence => new SequenceRow(sequence, totals[sequence.Id])).ToList();
        var next = more && page.Count > 0 ? DashboardPaths.To("sequences") + "?after=" + Uri.EscapeDataString(tokens.Create(ListScope, page[^1].Id)) : null;
        return await request.Page<SequencesPage>("Sequences", new SequenceListModel(rows, next, after is null));
    }

    private Task<IResult> TemplatesAsync(DashboardRequest request) =>
        request.Page<SequenceTemplatesPage>("New sequence", new SequenceTemplatesModel(templates.All));

    private async Task<IResult> ShowAsync(DashboardRequest request)
    {
        var latest = await FindAsync(request);
        if (latest is null)
        {
            return await NotFoundAsync(request);
        }

        var totals = await figures.ReadTotalsAsync(latest.Id, request.Aborted);
        return await request.Page<SequencePage>(latest.Name, new SequenceShowModel(latest, totals));
    }

    private async Task<IResult> EditAsync(DashboardRequest request)
    {
        var start = await StartAsync(request);
        if (start is null)
        {
            return await NotFoundAsync(request);
        }

        var (latest, active, definition, newId, template) = start.Value;
        var form = SequenceForm.From(definition);
        return await EditorAsync(request, new SequenceEditorModel(Id(request, latest), newId, latest, active, form, new SampleForm(), EditorErrors.None, null, false, template));
    }

    private async Task<IResult> EditPostAsync(DashboardRequest request)
    {
        var isNew = request.Route("id") == NewId;
        var latest = isNew ? null : await FindAsync(request);
        if (!isNew && latest is null)
        {
            return await NotFoundAsync(request);
        }

        var form = SequenceForm.Read(request.Form!);
        var sample = SampleForm.Read(request.Form!);
        var model = new SequenceEditorModel(
            Id(request, latest), request.Field("id") ?? "", latest, await ActiveAsync(latest, request), form, sample, EditorErrors.None, null, request.Field("moveEnrollments") == "true", null);
        var action = request.Field("action") ?? "save";
        if (form.Apply(action))
        {
            return await EditorAsync(request, model);
        }

        var formErrors = new Dictionary<string, string>(StringComparer.Ordinal);
        var body = form.ToRequest(formErrors);
        if (action == "json")
        {
            return await JsonPageAsync(request, new SequenceJsonModel(model.Id, model.NewId, latest, model.Active, JsonSerializer.Serialize(body, Indented), EditorErrors.None, model.MoveEnrollments));
        }

        var sequenceId = isNew ? model.NewId : latest!.Id;
        var (check, errors) = await CheckAsync(sequenceId, isNew, body, formErrors, request.Aborted);
        if (action == "preview" && errors.Count == 0)
        {
            var previewErrors = new ValidationErrors();
            var previewBody = sample.ToRequest(formErrors);
            preview.Check(previewBody, previewErrors);
            foreach (var (field, message) in formErrors)
            {
                previewErrors.Add(field, message);
            }

            if (!previewErrors.IsEmpty)
            {
                return await EditorAsync(request, model with { Errors = Place(previewErrors.ToDictionary(), form) }, StatusCodes.Status400BadRequest);
            }

            var answer = await preview.PreviewAsync(check.Definition!, previewBody, request.Aborted);
            return await EditorAsync(request, model with { Preview = answer });
        }

        if (errors.Count > 0)
        {
            return await EditorAsync(request, model with { Errors = Place(errors, form) }, StatusOf(check));
        }

        return await SaveAsync(request, check.Definition!, latest, model.MoveEnrollments);
    }

    private async Task<IResult> JsonAsync(DashboardRequest request)
    {
        var start = await StartAsync(request);
        if (start is null)
        {
            return await NotFoundAsync(request);
        }

        var (latest, active, definition, newId, _) = start.Value;
        return await JsonPageAsync(request, new SequenceJsonModel(Id(request, latest), newId, latest, active, JsonSerializer.Serialize(definition, Indented), EditorErrors.None, false));
    }

    private async Task<IResult> JsonPostAsync(DashboardRequest request)
    {
        var isNew = request.Route("id") == NewId;
        var latest = isNew ? null : await FindAsync(request);
        if (!isNew && latest is null)
        {
            return await NotFoundAsync(request);
        }

        var json = request.Form!["json"].FirstOrDefault() ?? "";
        var model = new SequenceJsonModel(Id(request, latest), request.Field("id") ?? "", latest, await ActiveAsync(latest, request), json, EditorErrors.None, request.Field("moveEnrollments") == "true");
        var (body, field, error) = JsonBody.Read<SequenceRequest>(Encoding.UTF8.GetBytes(json), FollowUpJson.Options);
        if (body is null)
        {
            var errors = new Dictionary<string, string[]> { [field!] = [error + LineOf(json)] };
            return await JsonPageAsync(request, model with { Errors = EditorErrors.Place(errors, ["json"]) }, StatusCodes.Status400BadRequest);
        }

        if (request.Field("action") == "form")
        {
            var form = SequenceForm.From(body);
            return await EditorAsync(request, new SequenceEditorModel(model.Id, model.NewId, latest, model.Active, form, new SampleForm(), EditorErrors.None, null, model.MoveEnrollments, null));
        }

        var (check, found) = await CheckAsync(isNew ? model.NewId : latest!.Id, isNew, body, [], request.Aborted);
        if (found.Count > 0)
        {
            return await JsonPageAsync(request, model with { Errors = EditorErrors.Place(found, ["id"]) }, StatusOf(check));
        }

        return await SaveAsync(request, check.Definition!, latest, model.MoveEnrollments);
    }

    /// <summary>Saves a checked definition and sends the browser to the sequence's page, saying what happened to the people in it.</summary>
    private async Task<IResult> SaveAsync(DashboardRequest request, Sequence definition, Sequence? latest, bool move)
    {
        var (saved, moved) = await saver.SaveAsync(definition, move && latest is not null, request.Aborted);
        var notice = latest is null ? $"Created “{saved.Name}”. Enroll people into it from a form, your shop or the API."
            : saved.Version == latest.Version ? "Nothing had changed, so no new version was made."
            : move ? $"Saved version {saved.Version}. {People(moved)} already in the sequence moved to it."
            : $"Saved version {saved.Version}. New enrollments use it; people already in the sequence carry on with the version they started with.";
        return request.SeeOther(DashboardPaths.To("sequences", saved.Id), notice);
    }

    /// <summary>Checks a definition with the API's checks, adding what only the editor checks: the form's own fields, and that a new sequence's id is free.</summary>
    private async Task<(SequenceCheck Check, Dictionary<string, string[]> Errors)> CheckAsync(string id, bool isNew, SequenceRequest body, Dictionary<string, string> formErrors, CancellationToken cancellationToken)
    {
        var check = await saver.CheckAsync(id, body, cancellationToken);
        var errors = check.Errors.ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.Ordinal);
        foreach (var (field, message) in formErrors)
        {
            errors[field] = [message];
        }

        if (isNew && id == NewId)
        {
            errors["id"] = ["'new' names the page for new sequences; choose another id."];
        }
        else if (isNew && Identifiers.IsValid(id) && await store.GetLatestAsync(id, cancellationToken) is not null)
        {
            errors["id"] = [$"There is already a sequence '{id}'. Choose another id, or edit that sequence."];
        }

        return (check, errors);
    }

    /// <summary>Where the editor starts: a saved version, a template, or nothing; null when the sequence or template does not exist.</summary>
    private async Task<(Sequence? Latest, long Active, SequenceRequest Definition, string NewId, SequenceTemplate? Template)?> StartAsync(DashboardRequest request)
    {
        if (request.Route("id") != NewId)
        {
            var latest = await FindAsync(request);
            return latest is null ? null : (latest, await ActiveAsync(latest, request), SequenceDocument.From(latest).ToRequest(), "", null);
        }

        if (request.Query("template") is not { } templateId)
        {
            return (null, 0, Scratch, "", null);
        }

        return templates.Find(templateId) is { } template ? (null, 0, template.Request, template.Id, template) : null;
    }

    private static readonly SequenceRequest Scratch = new(
        "",
        [new SequenceStepRequest("first-email", "PT0S", StepChannel.Email, "", "", null)],
        new StopRulesRequest(true));

    private async Task<Sequence?> FindAsync(DashboardRequest request) =>
        Identifiers.IsValid(request.Route("id")) ? await store.GetLatestAsync(request.Route("id"), request.Aborted) : null;

    private async Task<long> ActiveAsync(Sequence? latest, DashboardRequest request) =>
        latest is null ? 0 : (await figures.ReadTotalsAsync(latest.Id, request.Aborted)).Active;

    private static string Id(DashboardRequest request, Sequence? latest) => latest?.Id ?? NewId;

    private static Task<IResult> EditorAsync(DashboardRequest request, SequenceEditorModel model, int status = StatusCodes.Status200OK) =>
        request.Page<SequenceEditorPage>(model.IsNew ? "New sequence" : $"Edit “{model.Latest!.Name}”", model, status);

    private static Task<IResult> JsonPageAsync(DashboardRequest request, SequenceJsonModel model, int status = StatusCodes.Status200OK) =>
        request.Page<SequenceJsonPage>(model.IsNew ? "New sequence as JSON" : $"Edit “{model.Latest!.Name}” as JSON", model, status);

    private static Task<IResult> NotFoundAsync(DashboardRequest request) =>
        request.Message("Sequence not found", new DashboardMessage("There is no sequence at this address. It may have a different id.", DashboardPaths.To("sequences"), "Back to sequences"), StatusCodes.Status404NotFound);

    private static EditorErrors Place(IEnumerable<KeyValuePair<string, string[]>> errors, SequenceForm form) =>
        EditorErrors.Place(errors, form.FieldNames().Concat(SampleForm.FieldNames));

    private static int StatusOf(SequenceCheck check) => check.Status == StatusCodes.Status200OK ? StatusCodes.Status400BadRequest : check.Status;

    private static string People(int count) => count == 1 ? "1 person" : count.ToString(CultureInfo.InvariantCulture) + " people";

    /// <summary>Where JSON that does not parse goes wrong, for the error beside the text box.</summary>
    private static string LineOf(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return "";
        }
        catch (JsonException exception) when (exception.LineNumber is { } line)
        {
            return FormattableString.Invariant($" (line {line + 1}, column {exception.BytePositionInLine + 1})");
        }
    }
}
