using Microsoft.Extensions.Configuration;

namespace OciRegistry.Client.Hosting.Tests.Support;

/// <summary>Configuration built from flat keys, as JSON files and the command line produce them (<c>host:port</c> keys split at the colon).</summary>
public static class TestConfiguration
{
    public static IConfigurationRoot From(params (string Key, string? Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    /// <summary>All the messages of the options validation failures inside <paramref name="exception"/>.</summary>
    public static string FailureMessages(Exception exception) => exception switch
    {
        AggregateException aggregate => string.Join("\n", aggregate.InnerExceptions.Select(FailureMessages)),
        Microsoft.Extensions.Options.OptionsValidationException options => string.Join("\n", options.Failures),
        _ => exception.Message,
    };
}
