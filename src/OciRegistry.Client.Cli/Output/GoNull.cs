namespace OciRegistry.Client.Cli.Output;

/// <summary>
/// A Go nil slice or nil map: JSON writes <c>null</c>, a template prints it as Go does (<c>[]</c>, <c>map[]</c>),
/// not as a nil pointer (<c>&lt;nil&gt;</c>).
/// </summary>
internal sealed class GoNull
{
    private GoNull(string printed) => Printed = printed;

    /// <summary>Gets a nil slice.</summary>
    public static GoNull List { get; } = new("[]");

    /// <summary>Gets a nil map.</summary>
    public static GoNull Map { get; } = new("map[]");

    /// <summary>Gets how a template prints it.</summary>
    public string Printed { get; }

    /// <inheritdoc/>
    public override string ToString() => Printed;
}
