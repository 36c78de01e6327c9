using Microsoft.Extensions.Options;

namespace FollowUp.Engine;

/// <summary>Checks the bounds written as attributes on <see cref="FollowUpOptions"/> and on every class under it; the options source generator writes the checks.</summary>
[OptionsValidator]
internal sealed partial class FollowUpOptionsBounds : IValidateOptions<FollowUpOptions>;
