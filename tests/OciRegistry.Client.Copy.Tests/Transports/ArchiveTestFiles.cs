using System.Formats.Tar;
using System.Text;

namespace OciRegistry.Client.Copy.Tests.Transports;

/// <summary>Hand-made hostile archives.</summary>
internal static class ArchiveTestFiles
{
    /// <summary>Writes a tar with the given regular files and symbolic links (name → target).</summary>
    public static void Write(string path, IEnumerable<(string Name, string Content)> files, IEnumerable<(string Name, string Target)>? links = null)
    {
        using var stream = File.Create(path);
        using var writer = new TarWriter(stream, TarEntryFormat.Pax);
        foreach (var (name, content) in files)
        {
            writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content)) });
        }

        foreach (var (name, target) in links ?? [])
        {
            writer.WriteEntry(new PaxTarEntry(TarEntryType.SymbolicLink, name) { LinkName = target });
        }
    }
}
