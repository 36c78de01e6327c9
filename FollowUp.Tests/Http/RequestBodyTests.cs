using System.Text.Json;
using FollowUp.Engine.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace FollowUp.Tests.Http;

public sealed class RequestBodyTests
{
    /// <summary>A body stream that fails as Kestrel's does on broken framing.</summary>
    private sealed class BrokenBody(int statusCode) : MemoryStream
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            throw new BadHttpRequestException("Broken framing.", statusCode);
    }

    private static async Task<(int Status, JsonElement Problem)> AnswerAsync(IResult result)
    {
        var context = new DefaultHttpContext { RequestServices = new ServiceCollection().AddLogging().BuildServiceProvider() };
        context.Response.Body = new MemoryStream();
        await result.ExecuteAsync(context);
        Assert.Equal("application/problem+json", context.Response.ContentType);
        context.Response.Body.Position = 0;
        return (context.Response.StatusCode, (await JsonDocument.ParseAsync(context.Response.Body)).RootElement.Clone());
    }

    [Theory]
    [InlineData(StatusCodes.Status400BadRequest, StatusCodes.Status400BadRequest)]
    [InlineData(StatusCodes.Status408RequestTimeout, StatusCodes.Status400BadRequest)]
    [InlineData(StatusCodes.Status413PayloadTooLarge, StatusCodes.Status413PayloadTooLarge)]
    public async Task ReadAsync_ServerCannotReadTheBody_ReturnsAProblemNotAnException(int thrown, int answered)
    {
        var request = new DefaultHttpContext().Request;
        request.Body = new BrokenBody(thrown);

        var (body, problem) = await RequestBody.ReadAsync(request, CancellationToken.None);

        Assert.Null(body);
        var (status, json) = await AnswerAsync(problem!);
        Assert.Equal(answered, status);
        Assert.Equal(answered == StatusCodes.Status400BadRequest, json.TryGetProperty("errors", out var errors) && errors.TryGetProperty("body", out _));
    }
}
