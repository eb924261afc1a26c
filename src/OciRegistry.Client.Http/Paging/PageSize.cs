namespace OciRegistry.Client.Http.Paging;

/// <summary>The <c>n</c> parameter of the listing endpoints (tags, catalog).</summary>
internal static class PageSize
{
    /// <summary>
    /// The largest page size asked for. Distribution refuses a larger <c>n</c> on its catalog with
    /// <c>PAGINATION_NUMBER_INVALID</c> by default, and other registries cap pages at or below it.
    /// </summary>
    public const int Max = 1000;

    /// <summary>Throws when a page size is outside 1 to <see cref="Max"/>; <see langword="null"/> leaves it to the registry.</summary>
    public static void Validate(int? pageSize, string parameterName)
    {
        if (pageSize is { } n && n is < 1 or > Max)
        {
            throw new ArgumentOutOfRangeException(
                parameterName,
                n,
                $"The page size must be between 1 and {Max}, or null to let the registry choose; {n} was given.");
        }
    }

    /// <summary>Returns <c>?n=…</c>, or nothing when the registry chooses.</summary>
    public static string Query(int? pageSize) =>
        pageSize is { } n ? "?n=" + n.ToString(System.Globalization.CultureInfo.InvariantCulture) : string.Empty;
}
