using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using OciRegistry.Client.Copy;

namespace OciRegistry.Client.Sync;

/// <summary>
/// Merges the options a caller passes to one sync over the defaults (registered, or given to
/// <see cref="ImageSyncer.Create"/>): a setting the caller left at its built-in value takes the default's, any other
/// is the caller's; a collection is the caller's when not empty; nested options (<see cref="SyncOptions.Copy"/>)
/// merge the same way. It walks the public properties, so options added later merge without being listed here.
/// </summary>
internal static class OptionsMerge
{
    public static SyncOptions Over(SyncOptions defaults, SyncOptions passed)
    {
        var merged = new SyncOptions();
        Merge(merged, new SyncOptions(), defaults, passed);
        return merged;
    }

    private static void Merge<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)] T>(T merged, T builtIn, T defaults, T passed)
        where T : class
    {
        foreach (var property in typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length > 0)
            {
                continue;
            }

            if (property.CanWrite)
            {
                var value = property.GetValue(passed);
                property.SetValue(merged, Equals(value, property.GetValue(builtIn)) ? property.GetValue(defaults) : value);
            }
            else if (property.PropertyType == typeof(CopyOptions))
            {
                Merge((CopyOptions)property.GetValue(merged)!, (CopyOptions)property.GetValue(builtIn)!, (CopyOptions)property.GetValue(defaults)!, (CopyOptions)property.GetValue(passed)!);
            }
            else if (property.GetValue(merged) is IList target && property.GetValue(passed) is IList fromPassed && property.GetValue(defaults) is IList fromDefaults)
            {
                foreach (var item in fromPassed.Count > 0 ? fromPassed : fromDefaults)
                {
                    target.Add(item);
                }
            }
        }
    }
}
