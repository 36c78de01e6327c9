using Fluid;
using Fluid.Ast;
using Fluid.Values;

namespace FollowUp.Engine.Templates;

/// <summary>A range <c>(a..b)</c> whose items count against the rendering's <see cref="RenderBudget"/> before Fluid builds them as a list.</summary>
public sealed class BudgetedRangeExpression(RangeExpression inner) : Expression
{
    /// <summary>The range wrapped.</summary>
    public RangeExpression Inner { get; } = inner;

    /// <inheritdoc />
    public override async ValueTask<FluidValue> EvaluateAsync(TemplateContext context)
    {
        var from = Math.Truncate((await Inner.From.EvaluateAsync(context)).ToNumberValue());
        var to = Math.Truncate((await Inner.To.EvaluateAsync(context)).ToNumberValue());
        var items = to >= from ? to - from + 1 : 0;
        var budget = LimitedTemplateContext.BudgetOf(context);
        if (items > budget.Remaining / TemplateLimits.ItemCost)
        {
            throw new TemplateRenderException($"A range has {items} items, more than the template's budget of {TemplateLimits.MaxBuiltLength} characters allows.");
        }

        budget.Charge((long)items * TemplateLimits.ItemCost);
        return await Inner.EvaluateAsync(context);
    }

    /// <inheritdoc />
    protected override Expression Accept(AstVisitor visitor) => visitor.VisitOtherExpression(this);
}
