namespace OciRegistry.Client.Http.RegistriesConf;

/// <summary>A containers-registries.conf file (or a drop-in) cannot be read or is not valid; the message names the file and the key.</summary>
public sealed class RegistriesConfigurationException : OciRegistryException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="path">The file.</param>
    /// <param name="key">The key or table at fault, or <see langword="null"/> when the whole file is.</param>
    /// <param name="problem">What is wrong with it.</param>
    /// <param name="innerException">The cause, if any.</param>
    public RegistriesConfigurationException(string path, string? key, string problem, Exception? innerException = null)
        : base(key is null ? $"registries configuration {path}: {problem}" : $"registries configuration {path}: {key}: {problem}", innerException)
    {
        Path = path;
        Key = key;
    }

    /// <summary>Creates an exception with a message.</summary>
    /// <param name="message">The message.</param>
    public RegistriesConfigurationException(string message)
        : base(message)
    {
        Path = string.Empty;
    }

    /// <summary>Creates an exception with a message and its cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public RegistriesConfigurationException(string message, Exception? innerException)
        : base(message, innerException)
    {
        Path = string.Empty;
    }

    /// <summary>Creates an exception with no message of its own.</summary>
    public RegistriesConfigurationException()
    {
        Path = string.Empty;
    }

    /// <summary>Gets the file at fault.</summary>
    public string Path { get; }

    /// <summary>Gets the key or table at fault (for example <c>registry[1].mirror[0].location</c>), if one is.</summary>
    public string? Key { get; }
}
