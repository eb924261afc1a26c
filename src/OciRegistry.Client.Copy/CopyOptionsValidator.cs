using Microsoft.Extensions.Options;

namespace OciRegistry.Client.Copy;

/// <summary>Validates the registered <see cref="CopyOptions"/> when the host starts.</summary>
internal sealed class CopyOptionsValidator : IValidateOptions<CopyOptions>
{
    public ValidateOptionsResult Validate(string? name, CopyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
