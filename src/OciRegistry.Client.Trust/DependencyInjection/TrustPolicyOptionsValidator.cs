using Microsoft.Extensions.Options;

namespace OciRegistry.Client.Trust;

/// <summary>Validates the registered <see cref="TrustPolicyOptions"/> when the host starts.</summary>
internal sealed class TrustPolicyOptionsValidator : IValidateOptions<TrustPolicyOptions>
{
    public ValidateOptionsResult Validate(string? name, TrustPolicyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
