using System.Net;
using System.Net.Http.Headers;
using System.Reflection;
using FollowUp.Engine;
using FollowUp.Functions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Template;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace FollowUp.Tests.Fixtures;

/// <summary>FollowUp.Functions' worker, built with the app's own wiring, whose functions are called as the Functions host and the worker's generated executor call them.</summary>
/// <remarks>
/// The Functions host (Core Tools) cannot run here, so this stands in for the two things it does: it routes an HTTP request
/// to the one function whose route, method and key level in <c>functions.metadata</c> match (checking the function key as
/// the host does), and it hands trigger data to a function. The worker's part is real: the function class comes from the
/// worker's <see cref="IFunctionActivator"/> over the app's services, its parameters are bound by name as the generated
/// executor binds them, and an <see cref="IResult"/> is written to the response as the ASP.NET Core integration writes it.
/// </remarks>
public sealed partial class FunctionsWorker : HttpMessageHandler
{
    /// <summary>The function key the stand-in host asks for on <c>Function</c>-level routes.</summary>
    public const string FunctionKey = "test-function-key";

    private static readonly Assembly App = typeof(FollowUpFunctionsApplication).Assembly;

    private readonly IHost host;
    private readonly List<IHostedService> started = [];

    private FunctionsWorker(IHost host) => this.host = host;

    /// <summary>The app's services.</summary>
    public IServiceProvider Services => host.Services;

    /// <summary>The functions as the worker SDK's build wrote them to <c>functions.metadata</c>.</summary>
    public static IReadOnlyList<FunctionMetadataEntry> Functions { get; } = FunctionMetadataEntry.ReadAll(Path.Combine(AppContext.BaseDirectory, "functions.metadata"));

    /// <summary>What the Functions host gives a worker it starts; nothing listens on the endpoint, since the worker's channel to the host is never opened here.</summary>
    private static readonly Dictionary<string, string?> HostArguments = new()
    {
        ["Functions:Worker:HostEndpoint"] = "http://127.0.0.1:9",
        ["Functions:Worker:WorkerId"] = Guid.NewGuid().ToString(),
        ["Functions:Worker:RequestId"] = Guid.NewGuid().ToString(),
        ["Functions:Worker:GrpcMaxMessageLength"] = int.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>Builds the worker's host through <see cref="FollowUpFunctionsApplication.AddFollowUpFunctions"/> with these app settings, validates its options and starts the app's own hosted services.</summary>
    /// <remarks>The worker's own hosted services (its gRPC channel to the Functions host and its web server) are not started: they need the host.</remarks>
    /// <param name="settings">App settings added over the host's.</param>
    /// <param name="services">Replaces services before the app's own registrations, as a test's clock.</param>
    public static async Task<FunctionsWorker> StartAsync(IDictionary<string, string?> settings, Action<IServiceCollection>? services = null)
    {
        var builder = FunctionsApplication.CreateBuilder([]);
        // A deployed app has no appsettings.json; the test folder has FollowUp.Local's, which must not reach the worker.
        foreach (var appSettings in builder.Configuration.Sources.OfType<JsonConfigurationSource>().ToList())
        {
            builder.Configuration.Sources.Remove(appSettings);
        }

        builder.Configuration.AddInMemoryCollection(HostArguments);
        builder.Configuration.AddInMemoryCollection([new("FollowUp:SigningKey", LocalAppFixture.FixtureSigningKey)]);
        builder.Configuration.AddInMemoryCollection(settings);
        services?.Invoke(builder.Services);
        builder.AddFollowUpFunctions();
        var worker = new FunctionsWorker(builder.Build());
        worker.Services.GetService<IStartupValidator>()?.Validate();
        foreach (var service in worker.Services.GetServices<IHostedService>().Where(service => service.GetType().Assembly == typeof(FollowUpOptions).Assembly))
        {
            await service.StartAsync(CancellationToken.None);
            worker.started.Add(service);
        }

        return worker;
    }

    /// <summary>An <see cref="HttpClient"/> whose requests go to the functions; it sends the function key unless <paramref name="withKey"/> is false.</summary>
    public HttpClient CreateClient(bool withKey = true)
    {
        var client = new HttpClient(this, disposeHandler: false) { BaseAddress = new Uri("http://functions.test") };
        if (withKey)
        {
            client.DefaultRequestHeaders.Add("x-functions-key", FunctionKey);
        }

        return client;
    }

    /// <summary>Calls the function with a trigger of <paramref name="triggerType"/> (on <paramref name="queueName"/>, for a queue trigger, as the app settings resolve its binding), binding its parameters from <paramref name="bindingData"/> by name.</summary>
    public async Task<object?> InvokeTriggerAsync(string triggerType, IReadOnlyDictionary<string, object?> bindingData, string? queueName = null, CancellationToken cancellationToken = default)
    {
        var settings = Services.GetRequiredService<IConfiguration>();
        var function = Assert.Single(Functions, f => f.Trigger.Type == triggerType
            && (queueName is null || (f.Trigger.QueueName is { } bound && Resolve(bound, name => settings[name]) == queueName)));
        await using var scope = Services.CreateAsyncScope();
        return await InvokeAsync(function, scope.ServiceProvider, bindingData, cancellationToken);
    }

    /// <summary>Calls the function named <paramref name="functionName"/>, binding its parameters from <paramref name="bindingData"/> by name; for a trigger type that several functions share, such as timers.</summary>
    public async Task<object?> InvokeFunctionAsync(string functionName, IReadOnlyDictionary<string, object?> bindingData, CancellationToken cancellationToken = default)
    {
        var function = Assert.Single(Functions, f => f.Name == functionName);
        await using var scope = Services.CreateAsyncScope();
        return await InvokeAsync(function, scope.ServiceProvider, bindingData, cancellationToken);
    }

    /// <summary>Replaces each <c>%name%</c> in a binding's value with that app setting, as the host resolves app-setting binding expressions.</summary>
    /// <exception cref="InvalidOperationException">A setting is missing, which stops the host from indexing the function.</exception>
    public static string Resolve(string value, Func<string, string?> setting) => AppSettingExpression().Replace(
        value,
        match => setting(match.Groups["name"].Value) ?? throw new InvalidOperationException($"'{match.Value}' does not resolve to a value."));

    [System.Text.RegularExpressions.GeneratedRegex("%(?<name>[^%]+)%", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex AppSettingExpression();

    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var path = request.RequestUri!.AbsolutePath;
        var prefix = "/" + Engine.Http.FollowUpRoutes.Prefix + "/";
        var matches = Functions
            .Where(f => f.Trigger.Type == "httpTrigger" && f.Trigger.UpperMethods.Contains(request.Method.Method))
            .Select(f => (Function: f, Values: path.StartsWith(prefix, StringComparison.Ordinal) ? Match(f.Trigger.Route!, path[prefix.Length..]) : null))
            .Where(match => match.Values is not null)
            .ToList();
        if (matches.Count == 0)
        {
            return new HttpResponseMessage(HttpStatusCode.NotFound);
        }

        // The host hands HTTP requests to a worker as ASP.NET Core requests only when the worker announces its own HTTP address.
        Assert.True(
            Services.GetRequiredService<IOptions<WorkerOptions>>().Value.Capabilities.ContainsKey("HttpUri"),
            "The worker announces no HttpUri capability, so the host would not pass it an HttpRequest: ConfigureFunctionsWebApplication is missing.");
        var (function, routeValues) = Assert.Single(matches);
        if (function.Trigger.AuthLevel == "Function" && !HasKey(request))
        {
            return new HttpResponseMessage(HttpStatusCode.Unauthorized);
        }

        await using var scope = Services.CreateAsyncScope();
        var context = await HttpContextAsync(request, routeValues!, scope.ServiceProvider, cancellationToken);
        var bindingData = routeValues!.ToDictionary(value => value.Key, value => value.Value, StringComparer.OrdinalIgnoreCase);
        // An optional route parameter the path leaves out (a catch-all such as dashboard/{*path} on /api/dashboard) binds as null, as in the host.
        foreach (var parameter in TemplateParser.Parse(function.Trigger.Route!).Parameters)
        {
            bindingData.TryAdd(parameter.Name!, null);
        }

        bindingData[function.Trigger.Name] = context.Request;
        var result = await InvokeAsync(function, scope.ServiceProvider, bindingData, cancellationToken);
        await Assert.IsAssignableFrom<IResult>(result).ExecuteAsync(context);
        return Response(context);
    }

    /// <summary>The route values when <paramref name="path"/> (after <c>/api/</c>) matches the function's route template, else null.</summary>
    private static Dictionary<string, object?>? Match(string route, string path)
    {
        var values = new RouteValueDictionary();
        return new TemplateMatcher(TemplateParser.Parse(route), []).TryMatch("/" + path, values)
            ? values.ToDictionary(value => value.Key, value => value.Value)
            : null;
    }

    private static bool HasKey(HttpRequestMessage request) =>
        (request.Headers.TryGetValues("x-functions-key", out var keys) && keys.Contains(FunctionKey))
        || System.Web.HttpUtility.ParseQueryString(request.RequestUri!.Query)["code"] == FunctionKey;

    /// <summary>Creates the function's instance with the worker's activator and calls it with its parameters bound by name.</summary>
    private static async Task<object?> InvokeAsync(FunctionMetadataEntry function, IServiceProvider services, IReadOnlyDictionary<string, object?> bindingData, CancellationToken cancellationToken)
    {
        var typeName = function.EntryPoint[..function.EntryPoint.LastIndexOf('.')];
        var type = App.GetType(typeName, throwOnError: true)!;
        var method = Assert.Single(type.GetMethods(), m => m.Name == function.EntryPoint[(typeName.Length + 1)..]);
        var instance = services.GetRequiredService<IFunctionActivator>().CreateInstance(type, new ActivationContext(services, cancellationToken));
        var arguments = method.GetParameters().Select(parameter => parameter.ParameterType == typeof(CancellationToken)
            ? cancellationToken
            : bindingData.TryGetValue(parameter.Name!, out var value)
                ? value
                : throw new InvalidOperationException($"{function.Name} has a parameter '{parameter.Name}' that nothing binds.")).ToArray();
        var returned = method.Invoke(instance, arguments);
        if (returned is not Task task)
        {
            return returned;
        }

        await task;
        return task.GetType().IsGenericType ? task.GetType().GetProperty(nameof(Task<object>.Result))!.GetValue(task) : null;
    }

    private static async Task<DefaultHttpContext> HttpContextAsync(HttpRequestMessage request, Dictionary<string, object?> routeValues, IServiceProvider services, CancellationToken cancellationToken)
    {
        var context = new DefaultHttpContext { RequestServices = services, RequestAborted = cancellationToken };
        context.Connection.RemoteIpAddress = IPAddress.Loopback;
        context.Request.Method = request.Method.Method;
        context.Request.Scheme = "https";
        context.Request.Host = new HostString(request.RequestUri!.Host);
        context.Request.Path = request.RequestUri.AbsolutePath;
        context.Request.QueryString = new QueryString(request.RequestUri.Query);
        context.Request.RouteValues = new RouteValueDictionary(routeValues);
        foreach (var (name, values) in request.Headers.Concat(request.Content?.Headers ?? Enumerable.Empty<KeyValuePair<string, IEnumerable<string>>>()))
        {
            context.Request.Headers[name] = values.ToArray();
        }

        context.Request.Body = request.Content is null ? Stream.Null : new MemoryStream(await request.Content.ReadAsByteArrayAsync(cancellationToken));
        context.Request.ContentLength = context.Request.Body.Length;
        context.Response.Body = new MemoryStream();
        return context;
    }

    private static HttpResponseMessage Response(DefaultHttpContext context)
    {
        var response = new HttpResponseMessage((HttpStatusCode)context.Response.StatusCode)
        {
            Content = new ByteArrayContent(((MemoryStream)context.Response.Body).ToArray()),
        };
        foreach (var (name, values) in context.Response.Headers)
        {
            if (!response.Headers.TryAddWithoutValidation(name, values.ToArray()))
            {
                response.Content.Headers.TryAddWithoutValidation(name, values.ToArray());
            }
        }

        return response;
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            foreach (var service in started)
            {
                service.StopAsync(CancellationToken.None).GetAwaiter().GetResult();
            }

            host.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>The part of a <see cref="FunctionContext"/> the worker's activator reads: the invocation's services.</summary>
    private sealed class ActivationContext(IServiceProvider services, CancellationToken cancellationToken) : FunctionContext
    {
        public override string InvocationId { get; } = Guid.NewGuid().ToString();

        public override string FunctionId => throw new NotSupportedException();

        public override TraceContext TraceContext => throw new NotSupportedException();

        public override BindingContext BindingContext => throw new NotSupportedException();

        public override RetryContext RetryContext => throw new NotSupportedException();

        public override IServiceProvider InstanceServices { get; set; } = services;

        public override FunctionDefinition FunctionDefinition => throw new NotSupportedException();

        public override IDictionary<object, object> Items { get; set; } = new Dictionary<object, object>();

        public override IInvocationFeatures Features => throw new NotSupportedException();

        public override CancellationToken CancellationToken => cancellationToken;
    }
}
