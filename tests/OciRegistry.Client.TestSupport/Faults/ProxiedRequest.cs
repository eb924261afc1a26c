namespace OciRegistry.Client.TestSupport.Faults;

/// <summary>One request a <see cref="FaultProxy"/> handled, recorded when it was done with it.</summary>
/// <param name="Method">The request's method.</param>
/// <param name="PathAndQuery">The request target as sent.</param>
/// <param name="Status">The status sent to the client; <see langword="null"/> when the connection was reset before any.</param>
/// <param name="RequestBodyBytes">Body bytes read from the client.</param>
/// <param name="ResponseBodyBytes">Body bytes written to the client (before a reset or truncation).</param>
/// <param name="Fault">The fault applied, if any.</param>
public sealed record ProxiedRequest(string Method, string PathAndQuery, int? Status, long RequestBodyBytes, long ResponseBodyBytes, Fault? Fault)
{
    /// <summary>The path without the query.</summary>
    public string Path => PathAndQuery.Split('?', 2)[0];
}
