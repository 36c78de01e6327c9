using Fluid;

namespace FollowUp.Engine.Templates;

/// <summary>A Fluid context that carries the <see cref="RenderBudget"/> of its rendering.</summary>
public sealed class LimitedTemplateContext(TemplateOptions options) : TemplateContext(options)
{
    /// <summary>The characters this rendering may still build.</summary>
    public RenderBudget Budget { get; } = new();

    /// <summary>The budget of <paramref name="context"/>.</summary>
    /// <exception cref="InvalidOperationException">The context was not made by <see cref="TemplateRenderer"/>.</exception>
    public static RenderBudget BudgetOf(TemplateContext context) =>
        (context as LimitedTemplateContext)?.Budget ?? throw new InvalidOperationException("Templates render only with a LimitedTemplateContext.");
}
