namespace FollowUp.Engine.Inbound.Email;

/// <summary>An inbound email body that cannot be read; answered 400 naming <see cref="Field"/>.</summary>
public sealed class MalformedInboundEmailException(string field, string message) : Exception(message)
{
    /// <summary>The field that is missing or wrong, as the format names it (<c>from</c>, <c>FromFull</c>, <c>envelope</c>).</summary>
    public string Field { get; } = field;
}
