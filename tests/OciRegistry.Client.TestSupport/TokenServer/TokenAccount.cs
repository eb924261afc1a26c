namespace OciRegistry.Client.TestSupport.TokenServer;

/// <summary>
/// What an account may do with repositories whose name matches <paramref name="Repository"/>: an exact name, a
/// prefix ending in <c>*</c> (<c>team/*</c>), or <c>*</c> for all.
/// </summary>
public sealed record TokenGrant(string Repository, params string[] Actions)
{
    public bool Matches(string repository) =>
        Repository.EndsWith('*')
            ? repository.StartsWith(Repository[..^1], StringComparison.Ordinal)
            : string.Equals(Repository, repository, StringComparison.Ordinal);
}

/// <summary>An account of a <see cref="TokenServer"/>: a name, a password and its grants.</summary>
public sealed record TokenAccount(string Name, string Password, IReadOnlyList<TokenGrant> Grants)
{
    /// <summary>An account that may pull and push every repository.</summary>
    public static TokenAccount PullPush(string name, string password) => new(name, password, [new TokenGrant("*", "pull", "push")]);

    /// <summary>An account that may only pull.</summary>
    public static TokenAccount PullOnly(string name, string password) => new(name, password, [new TokenGrant("*", "pull")]);

    /// <summary>The actions of <paramref name="asked"/> this account may take on a repository (the intersection).</summary>
    public IReadOnlyList<string> Allowed(string repository, IEnumerable<string> asked) =>
        asked.Where(a => Grants.Any(g => g.Matches(repository) && (g.Actions.Contains(a) || g.Actions.Contains("*")))).Distinct().ToList();

    // Records print every property; a password has no business in test output.
    public override string ToString() => $"TokenAccount {{ Name = {Name} }}";
}
