using Fluid.Values;

namespace FollowUp.Engine.Templates;

/// <summary>Counts the characters one rendering builds, and stops it before it passes <see cref="TemplateLimits.MaxBuiltLength"/>.</summary>
public sealed class RenderBudget
{
    private long spent;

    /// <summary>How many characters the rendering may still build.</summary>
    public long Remaining => TemplateLimits.MaxBuiltLength - spent;

    /// <summary>Counts <paramref name="characters"/> against the budget.</summary>
    /// <exception cref="TemplateRenderException">The rendering would build more than the budget.</exception>
    public void Charge(long characters)
    {
        Ensure(characters);
        spent += characters;
    }

    /// <summary>Checks, without counting them, that <paramref name="characters"/> more would fit in the budget.</summary>
    /// <exception cref="TemplateRenderException">They would not.</exception>
    public void Ensure(long characters)
    {
        if (characters > Remaining)
        {
            throw new TemplateRenderException($"The template builds more than {TemplateLimits.MaxBuiltLength} characters of values.");
        }
    }

    /// <summary>The characters <paramref name="value"/> stands for: a text's length, a list's items and their sizes; counting stops once past <paramref name="limit"/>.</summary>
    public static long SizeOf(FluidValue value, long limit)
    {
        if (value is not ArrayValue)
        {
            return Scalar(value);
        }

        // Only nested lists wait on the stack, so measuring a long flat list allocates nothing per item.
        long size = 0;
        var lists = new Stack<ArrayValue>();
        lists.Push((ArrayValue)value);
        while (lists.Count > 0 && size <= limit)
        {
            var list = lists.Pop();
            size += TemplateLimits.ItemCost;
            foreach (var item in list.Values)
            {
                if (item is ArrayValue nested)
                {
                    lists.Push(nested);
                }
                else
                {
                    size += Scalar(item);
                }
            }
        }

        return size;
    }

    private static long Scalar(FluidValue value) =>
        value is StringValue text ? text.ToStringValue().Length : TemplateLimits.ItemCost;
}
