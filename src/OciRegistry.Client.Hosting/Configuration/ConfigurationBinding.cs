using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace OciRegistry.Client.Hosting.Configuration;

/// <summary>
/// Binds one options type from a configuration section when the options are built, and fails their validation (so
/// <c>ValidateOnStart</c> stops the host) with every problem the binding met, each naming its key. The problems are
/// kept per options instance, so a rebuilt instance is judged by its own binding.
/// </summary>
internal sealed class ConfigurationBinding<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] TOptions> : IValidateOptions<TOptions>
    where TOptions : class
{
    private readonly Func<IServiceProvider, IConfiguration> _locate;
    private readonly Action<IConfiguration, TOptions, List<string>> _bind;
    private readonly ConditionalWeakTable<TOptions, List<string>> _problems = [];

    public ConfigurationBinding(Func<IServiceProvider, IConfiguration> locate, Action<IConfiguration, TOptions, List<string>> bind)
    {
        _locate = locate;
        _bind = bind;
    }

    public static void Register(IServiceCollection services, Func<IServiceProvider, IConfiguration> locate, Action<IConfiguration, TOptions, List<string>> bind)
    {
        var binding = new ConfigurationBinding<TOptions>(locate, bind);
        services.AddSingleton<IConfigureOptions<TOptions>>(provider => new Configurer(binding, provider));
        services.AddSingleton<IValidateOptions<TOptions>>(binding);
        services.AddOptions<TOptions>().ValidateOnStart();
    }

    public ValidateOptionsResult Validate(string? name, TOptions options) =>
        name == Options.DefaultName && _problems.TryGetValue(options, out var problems) && problems.Count > 0
            ? ValidateOptionsResult.Fail(problems)
            : ValidateOptionsResult.Skip;

    private void Bind(IServiceProvider provider, TOptions options)
    {
        var problems = new List<string>();
        _bind(_locate(provider), options, problems);
        _problems.AddOrUpdate(options, problems);
    }

    private sealed class Configurer(ConfigurationBinding<TOptions> binding, IServiceProvider provider) : IConfigureOptions<TOptions>
    {
        public void Configure(TOptions options) => binding.Bind(provider, options);
    }
}
