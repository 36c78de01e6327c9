using System.Reflection;
using System.Reflection.Emit;
using FollowUp.Engine;
using FollowUp.Tests.Fixtures;

namespace FollowUp.Tests.Functions;

/// <summary>Each function is an adapter: its compiled body makes exactly one call into the engine, so both hosts run the same code.</summary>
public sealed class FunctionsShapeTests
{
    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(field => (OpCode)field.GetValue(null)!)
        .ToDictionary(code => code.Value);

    public static TheoryData<string> FunctionNames => new(FunctionsWorker.Functions.Select(function => function.Name));

    [Theory]
    [MemberData(nameof(FunctionNames))]
    public void Function_CallsTheEngineExactlyOnce(string name)
    {
        var function = Assert.Single(FunctionsWorker.Functions, f => f.Name == name);
        var typeName = function.EntryPoint[..function.EntryPoint.LastIndexOf('.')];
        var method = typeof(FollowUp.Functions.FollowUpFunctionsApplication).Assembly.GetType(typeName, throwOnError: true)!.GetMethod(function.EntryPoint[(typeName.Length + 1)..])!;

        var engineCalls = CalledMethods(method).Where(called => called.DeclaringType?.Assembly == typeof(FollowUpOptions).Assembly).ToList();

        Assert.True(engineCalls.Count == 1, $"{name} calls the engine {engineCalls.Count} times: {string.Join(", ", engineCalls.Select(call => call.Name))}");
    }

    [Fact]
    public void CalledMethods_OfABodyWithTwoCalls_FindsBoth()
    {
        var called = CalledMethods(typeof(FunctionsShapeTests).GetMethod(nameof(TwoCalls), BindingFlags.NonPublic | BindingFlags.Static)!);

        Assert.Equal(["Trim", "ToUpperInvariant"], called.Select(method => method.Name));
    }

    private static string TwoCalls(string text) => text.Trim().ToUpperInvariant();

    /// <summary>The methods a method's IL calls directly (<c>call</c>, <c>callvirt</c>, <c>newobj</c>), in order.</summary>
    private static List<MethodBase> CalledMethods(MethodInfo method)
    {
        var il = method.GetMethodBody()!.GetILAsByteArray()!;
        var called = new List<MethodBase>();
        for (var at = 0; at < il.Length;)
        {
            var code = il[at] == 0xFE ? OpCodesByValue[(short)(0xFE00 | il[at + 1])] : OpCodesByValue[il[at]];
            at += code.Size;
            if (code == OpCodes.Call || code == OpCodes.Callvirt || code == OpCodes.Newobj)
            {
                called.Add(method.Module.ResolveMethod(BitConverter.ToInt32(il, at), method.DeclaringType!.GetGenericArguments(), null)!);
            }

            at += OperandSize(code, il, at);
        }

        return called;
    }

    private static int OperandSize(OpCode code, byte[] il, int at) => code.OperandType switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        OperandType.InlineSwitch => 4 + (4 * BitConverter.ToInt32(il, at)),
        _ => 4,
    };
}
