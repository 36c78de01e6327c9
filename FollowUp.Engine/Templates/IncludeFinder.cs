using Fluid.Ast;

namespace FollowUp.Engine.Templates;

/// <summary>Finds the tags that would load another template (<c>include</c>, <c>render</c>), which FollowUp does not support.</summary>
public sealed class IncludeFinder : AstVisitor
{
    /// <summary>The first such tag found, or null.</summary>
    public string? Found { get; private set; }

    /// <inheritdoc />
    protected override Statement VisitIncludeStatement(IncludeStatement includeStatement)
    {
        Found ??= "include";
        return base.VisitIncludeStatement(includeStatement);
    }

    /// <inheritdoc />
    protected override Statement VisitRenderStatement(RenderStatement renderStatement)
    {
        Found ??= "render";
        return base.VisitRenderStatement(renderStatement);
    }
}
