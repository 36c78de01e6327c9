namespace FollowUp.Engine.Templates;

/// <summary>A template failed for the model it was rendered with; <see cref="Exception.Message"/> says why without quoting any value.</summary>
public sealed class TemplateRenderException : Exception
{
    /// <summary>Creates the exception with its reason.</summary>
    public TemplateRenderException(string reason)
        : base(reason)
    {
    }

    /// <summary>Creates the exception with its reason and the failure it stands for.</summary>
    public TemplateRenderException(string reason, Exception inner)
        : base(reason, inner)
    {
    }
}
