using System.Net.Http.Headers;
using System.Text;

namespace OciRegistry.Client.TestSupport.Registry;

/// <summary>A user of an htpasswd-protected test registry.</summary>
public sealed record RegistryUser(string Name, string Password)
{
    /// <summary>The <c>Authorization: Basic …</c> value for this user.</summary>
    public AuthenticationHeaderValue ToBasicAuthorization() =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Name}:{Password}")));

    // Records print every property; a password has no business in test output.
    public override string ToString() => $"RegistryUser {{ Name = {Name} }}";
}
