namespace OciRegistry.Client.Trust.Policy;

/// <summary>
/// A parsed containers-policy.json: the default requirements and, per transport, requirements per scope. An image
/// must satisfy every requirement of the one scope that applies to it (see <see cref="PolicyScopes"/>).
/// </summary>
/// <param name="Source">Where the policy was read from, for messages (a file path, or a description).</param>
/// <param name="Default">The <c>default</c> requirements; never empty.</param>
/// <param name="Transports">The <c>transports</c>: transport name, then scope (<c>""</c> for the transport's default), then requirements.</param>
internal sealed record TrustPolicy(
    string Source,
    IReadOnlyList<PolicyRequirement> Default,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, IReadOnlyList<PolicyRequirement>>> Transports)
{
    /// <summary>A policy that accepts every image (<c>insecureAcceptAnything</c> as the default, nothing else).</summary>
    public static TrustPolicy AcceptAnything { get; } = new(
        "insecure policy",
        [new InsecureAcceptAnythingRequirement()],
        new Dictionary<string, IReadOnlyDictionary<string, IReadOnlyList<PolicyRequirement>>>(StringComparer.Ordinal));

    /// <summary>Finds the requirements that apply to an image: its most specific scope, else its transport's default, else the default.</summary>
    /// <param name="scopes">The image's transport and scope candidates, most specific first.</param>
    /// <returns>The scope that applied, named for messages, and its requirements.</returns>
    public (string Scope, IReadOnlyList<PolicyRequirement> Requirements) RequirementsFor(PolicyScopes scopes)
    {
        ArgumentNullException.ThrowIfNull(scopes);
        if (Transports.TryGetValue(scopes.Transport, out var transportScopes))
        {
            foreach (var candidate in scopes.Candidates)
            {
                if (transportScopes.TryGetValue(candidate, out var requirements))
                {
                    return ($"{scopes.Transport}: {candidate}", requirements);
                }
            }

            if (transportScopes.TryGetValue(string.Empty, out var transportDefault))
            {
                return ($"{scopes.Transport} (transport default)", transportDefault);
            }
        }

        return ("default", Default);
    }
}
