namespace OciRegistry.Client;

/// <summary>One entry of a registry's error body.</summary>
/// <param name="Code">The error code.</param>
/// <param name="Message">The registry's message, if any.</param>
/// <param name="Detail">The <c>detail</c> member as raw JSON text, if any.</param>
public sealed record RegistryError(RegistryErrorCode Code, string? Message, string? Detail = null);
