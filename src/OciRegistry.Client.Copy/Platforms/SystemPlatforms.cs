using System.Runtime.InteropServices;
using OciRegistry.Client.Models;

namespace OciRegistry.Client.Copy;

/// <summary>The platform this process runs on, in OCI names.</summary>
internal static class SystemPlatforms
{
    /// <summary>Gets the running platform: <c>linux</c> on every OS but Windows (images for macOS hosts are Linux images), and the process's architecture in OCI names.</summary>
    public static Platform Current { get; } = From(OperatingSystem.IsWindows(), RuntimeInformation.OSArchitecture);

    /// <summary>Maps an operating system and a .NET architecture to OCI names.</summary>
    internal static Platform From(bool windows, Architecture architecture) => new()
    {
        OS = windows ? "windows" : "linux",
        Architecture = architecture switch
        {
            Architecture.X64 => "amd64",
            Architecture.X86 => "386",
            Architecture.Arm64 => "arm64",
            Architecture.Arm or Architecture.Armv6 => "arm",
            Architecture.S390x => "s390x",
            Architecture.Ppc64le => "ppc64le",
            Architecture.LoongArch64 => "loong64",
            Architecture.RiscV64 => "riscv64",
            _ => architecture.ToString().ToLowerInvariant(),
        },
        Variant = architecture switch
        {
            Architecture.Arm => "v7",
            Architecture.Armv6 => "v6",
            _ => null,
        },
    };
}
