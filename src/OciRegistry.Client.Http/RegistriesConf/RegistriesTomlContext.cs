using Tomlyn.Model;
using Tomlyn.Serialization;

namespace OciRegistry.Client.Http.RegistriesConf;

/// <summary>Tomlyn's source-generated reader of the untyped TOML model: no reflection, so Native AOT and trimming stay clean.</summary>
[TomlSerializable(typeof(TomlTable))]
internal sealed partial class RegistriesTomlContext : TomlSerializerContext;
