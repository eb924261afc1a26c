using System.Net;
using System.Net.Sockets;

namespace OciRegistry.Client.TestSupport.Registry;

/// <summary>Asks the kernel for a free port on 127.0.0.1. Another process can take it before the registry binds;
/// <see cref="RegistryFixture"/> retries with a new port when that happens.</summary>
internal static class LoopbackPort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
