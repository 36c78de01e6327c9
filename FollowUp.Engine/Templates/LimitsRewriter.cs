using Fluid.Ast;

namespace FollowUp.Engine.Templates;

/// <summary>Rewrites a parsed template so that ranges and the blocks that buffer output (<c>capture</c>, <c>ifchanged</c>) count against the rendering's <see cref="RenderBudget"/>.</summary>
public sealed class LimitsRewriter : AstRewriter
{
    /// <inheritdoc />
    protected override Statement VisitCaptureStatement(CaptureStatement captureStatement)
    {
        var visited = (CaptureStatement)base.VisitCaptureStatement(captureStatement);
        return new CaptureStatement(visited.Identifier, Budgeted(visited.Statements));
    }

    /// <inheritdoc />
    protected override Statement VisitIfChangedStatement(IfChangedStatement ifChangedStatement)
    {
        var visited = (IfChangedStatement)base.VisitIfChangedStatement(ifChangedStatement);
        return new IfChangedStatement(Budgeted(visited.Statements));
    }

    /// <inheritdoc />
    protected override Expression VisitRangeExpression(RangeExpression rangeExpression) =>
        new BudgetedRangeExpression((RangeExpression)base.VisitRangeExpression(rangeExpression));

    private static List<Statement> Budgeted(IReadOnlyList<Statement> statements) =>
        [.. statements.Select(statement => statement is BudgetedStatement ? statement : new BudgetedStatement(statement))];
}
