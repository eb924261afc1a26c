using OciRegistry.Client.Content;

namespace OciRegistry.Client.Copy.Engine;

/// <summary>
/// Checks the store-level copy's references of registry sides before anything is read: a registry repository
/// resolves a tag or a digest, and the likeliest mistake, a whole image reference ("host/app:1.0" for "1.0"), is
/// named as such instead of surfacing as a malformed digest from deep in the copy.
/// </summary>
internal static class StoreReferences
{
    public static void Check(ImageStoreDescription from, string sourceReference, ImageStoreDescription to, string? destinationTag)
    {
        if (from.IsRegistryRepository && !ImageReference.IsValidTag(sourceReference) && !Digest.TryParse(sourceReference, out _))
        {
            throw new InvalidReferenceException(
                sourceReference,
                IsWholeReference(sourceReference)
                    ? $"the source reference is a whole image reference; the source is already the repository {from.Registry}/{from.Repository}, so pass only a tag or digest, or copy with ImageLocation values"
                    : $"the source reference is neither a tag nor a digest of {from.Registry}/{from.Repository}");
        }

        if (to.IsRegistryRepository && destinationTag is not null && !ImageReference.IsValidTag(destinationTag))
        {
            throw new InvalidReferenceException(
                destinationTag,
                IsWholeReference(destinationTag)
                    ? $"the destination tag is a whole image reference; the destination is already the repository {to.Registry}/{to.Repository}, so pass only a tag, or copy with ImageLocation values"
                    : $"the destination tag is not a valid tag of {to.Registry}/{to.Repository} ([A-Za-z0-9_][A-Za-z0-9_.-]{{0,127}})");
        }
    }

    private static bool IsWholeReference(string text) =>
        text.Contains("://", StringComparison.Ordinal)
        || (!text.StartsWith("sha256:", StringComparison.Ordinal) && !text.StartsWith("sha512:", StringComparison.Ordinal) && ImageReference.TryParse(text, out _));
}
