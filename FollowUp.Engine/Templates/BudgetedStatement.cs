using System.Text.Encodings.Web;
using Fluid;
using Fluid.Ast;

namespace FollowUp.Engine.Templates;

/// <summary>A statement inside a block that buffers its output (<c>capture</c>, <c>ifchanged</c>): what it writes there counts against the rendering's <see cref="RenderBudget"/>.</summary>
public sealed class BudgetedStatement(Statement inner) : Statement
{
    /// <summary>The statement wrapped.</summary>
    public Statement Inner { get; } = inner;

    /// <inheritdoc />
    public override ValueTask<Completion> WriteToAsync(TextWriter writer, TextEncoder encoder, TemplateContext context)
    {
        var budget = LimitedTemplateContext.BudgetOf(context);
        return Inner.WriteToAsync(new CountingWriter(writer, n => budget.Charge(n)), encoder, context);
    }

    /// <inheritdoc />
    protected override Statement Accept(AstVisitor visitor) => visitor.VisitOtherStatement(this);
}
