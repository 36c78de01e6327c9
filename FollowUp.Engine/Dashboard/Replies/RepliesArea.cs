using FollowUp.Engine.Contacts;
using FollowUp.Engine.Dashboard.Enrollments;
using FollowUp.Engine.Listing;
using FollowUp.Engine.Replies;
using FollowUp.Engine.Sequences;
using Microsoft.AspNetCore.Http;

namespace FollowUp.Engine.Dashboard.Replies;

/// <summary>The latest replies, newest first: who wrote, what, to which sequence and step, and what FollowUp did.</summary>
/// <remarks>A page is one range query of <see cref="RecentReplies"/>, then one point read of each contact and each sequence it names, all at once.</remarks>
public sealed class RepliesArea(RecentReplies replies, ContactStore contacts, SequenceStore sequences, ListingToken tokens) : IDashboardArea
{
    /// <summary>How many replies a page shows.</summary>
    public const int PageSize = 25;

    private const string Scope = "dashboard replies";

    /// <inheritdoc />
    public void Map(DashboardRouteTable routes) => routes.Get("replies", ListAsync);

    private async Task<IResult> ListAsync(DashboardRequest request)
    {
        string? after = null;
        if (request.Query("after") is { } continuation && (!tokens.TryRead(Scope, continuation, out var position) || !RecentReplies.IsKey(after = position)))
        {
            return await request.Message("Replies", new DashboardMessage("This page of the list has expired. Start the list again.", DashboardPaths.To("replies"), "Back to the latest replies"), StatusCodes.Status400BadRequest);
        }

        var (page, more) = await replies.PageAsync(after, PageSize, request.Aborted);
        var peopleTask = Task.WhenAll(page.Select(r => r.ContactId).Distinct(StringComparer.Ordinal).Select(id => contacts.GetAsync(id, request.Aborted)));
        var namesTask = Task.WhenAll(page.Select(r => r.SequenceId).OfType<string>().Distinct(StringComparer.Ordinal).Select(id => sequences.GetLatestAsync(id, request.Aborted)));
        var people = (await peopleTask).OfType<Contact>().ToDictionary(c => c.Id, StringComparer.Ordinal);
        var names = (await namesTask).OfType<Sequence>().ToDictionary(s => s.Id, s => s.Name, StringComparer.Ordinal);
        var rows = page.Select(reply =>
        {
            var contact = people.GetValueOrDefault(reply.ContactId);
            return new ReplyRow(reply, ContactLabel.Of(contact), contact?.Email, reply.SequenceId is null ? null : names.GetValueOrDefault(reply.SequenceId, reply.SequenceId));
        }).ToList();
        var next = more && page.Count > 0 ? DashboardPaths.To("replies") + "?after=" + Uri.EscapeDataString(tokens.Create(Scope, page[^1].Key)) : null;
        return await request.Page<RepliesPage>("Replies", new RepliesModel(rows, next));
    }
}
