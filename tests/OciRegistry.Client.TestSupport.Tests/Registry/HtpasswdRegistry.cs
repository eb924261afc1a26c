using OciRegistry.Client.TestSupport.Registry;

namespace OciRegistry.Client.TestSupport.Tests.Registry;

/// <summary>A registry with htpasswd auth and one user, shared by a test class.</summary>
public sealed class HtpasswdRegistry : RegistryFixture
{
    public static readonly RegistryUser User = new("tester", "s3cret-pass");

    public HtpasswdRegistry()
        : base(new RegistryOptions { Users = [User] })
    {
    }
}
