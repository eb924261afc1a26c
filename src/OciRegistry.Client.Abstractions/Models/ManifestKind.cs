namespace OciRegistry.Client.Models;

/// <summary>What kind of manifest a <see cref="Manifest"/> holds.</summary>
public enum ManifestKind
{
    /// <summary>A media type this SDK does not model; its bytes are carried as they are.</summary>
    Opaque = 0,

    /// <summary>An image manifest (OCI or Docker schema 2); <see cref="Manifest.Image"/> is set.</summary>
    Image,

    /// <summary>An index (OCI index or Docker manifest list); <see cref="Manifest.Index"/> is set.</summary>
    Index,

    /// <summary>A Docker schema 1 manifest, recognised so it can be reported, but never written.</summary>
    Schema1,
}
