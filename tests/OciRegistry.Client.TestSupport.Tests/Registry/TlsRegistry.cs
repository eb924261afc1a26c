using OciRegistry.Client.TestSupport.Registry;

namespace OciRegistry.Client.TestSupport.Tests.Registry;

/// <summary>A registry serving HTTPS with a certificate from a CA generated for it.</summary>
public sealed class TlsRegistry : RegistryFixture
{
    public TlsRegistry()
        : base(new RegistryOptions { Tls = true })
    {
    }
}
