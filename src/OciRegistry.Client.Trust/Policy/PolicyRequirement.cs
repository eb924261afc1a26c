namespace OciRegistry.Client.Trust.Policy;

/// <summary>One requirement of a policy scope, as containers-policy.json names it by its <c>type</c>.</summary>
internal abstract record PolicyRequirement
{
    /// <summary>Gets the requirement's <c>type</c> in containers-policy.json.</summary>
    public abstract string Type { get; }
}

/// <summary><c>insecureAcceptAnything</c>: every image passes.</summary>
internal sealed record InsecureAcceptAnythingRequirement : PolicyRequirement
{
    public const string Name = "insecureAcceptAnything";

    public override string Type => Name;
}

/// <summary><c>reject</c>: no image passes.</summary>
internal sealed record RejectRequirement : PolicyRequirement
{
    public const string Name = "reject";

    public override string Type => Name;
}
