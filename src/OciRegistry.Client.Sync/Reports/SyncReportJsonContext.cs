using System.Text.Json.Serialization;

namespace OciRegistry.Client.Sync.Reports;

/// <summary>Source-generated serialization of the report's parts and the event lines, so a Native AOT host needs no reflection.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SyncReportOptions))]
[JsonSerializable(typeof(SyncReportEntry))]
[JsonSerializable(typeof(SyncReportBudget))]
[JsonSerializable(typeof(SyncReportTotals))]
[JsonSerializable(typeof(SyncEventLine))]
[JsonSerializable(typeof(SyncReportError))]
internal sealed partial class SyncReportJsonContext : JsonSerializerContext;
