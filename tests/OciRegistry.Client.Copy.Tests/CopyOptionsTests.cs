using System.Collections;
using System.Collections.ObjectModel;
using System.Reflection;
using OciRegistry.Client.Models;

namespace OciRegistry.Client.Copy.Tests;

/// <summary>Copy options carried whole into another operation's options.</summary>
public sealed class CopyOptionsTests
{
    [Fact]
    public void CopyTo_carries_every_option_so_a_new_one_cannot_be_left_behind()
    {
        var source = new CopyOptions();
        var defaults = new CopyOptions();
        foreach (var property in Properties())
        {
            if (property.CanWrite)
            {
                var value = OtherThanDefault(property.PropertyType, property.GetValue(defaults));
                property.SetValue(source, value);
            }
            else
            {
                var collection = property.GetValue(source)!;
                collection.GetType().GetMethod(nameof(Collection<object>.Add))!.Invoke(collection, [Item(property)]);
            }
        }

        var target = new CopyOptions();
        source.CopyTo(target);

        foreach (var property in Properties())
        {
            var expected = property.GetValue(source);
            var actual = property.GetValue(target);
            if (expected is IEnumerable items and not string)
            {
                Assert.Equal(items.Cast<object>(), ((IEnumerable)actual!).Cast<object>());
            }
            else
            {
                Assert.True(Equals(expected, actual), $"{property.Name}: expected {expected}, got {actual}");
            }
        }
    }

    private static IEnumerable<PropertyInfo> Properties() =>
        typeof(CopyOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance);

    // A value of the property's type that differs from the default, so that an option CopyTo forgets keeps its default
    // in the target and the comparison fails.
    private static object OtherThanDefault(Type type, object? current)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        object value = underlying switch
        {
            _ when underlying == typeof(bool) => !(bool)(current ?? false),
            _ when underlying == typeof(int) => (int)(current ?? 0) + 1,
            _ when underlying == typeof(TimeSpan) => ((TimeSpan)(current ?? TimeSpan.Zero)) + TimeSpan.FromSeconds(1),
            _ when underlying.IsEnum => Enum.GetValues(underlying).Cast<object>().Last(v => !v.Equals(current)),
            _ when underlying == typeof(Platform) => Platform.Parse("linux/riscv64"),
            _ => throw new InvalidOperationException($"No test value for an option of type {type}: add one here."),
        };
        Assert.NotEqual(current, value);
        return value;
    }

    private static object Item(PropertyInfo collection) =>
        collection.PropertyType == typeof(Collection<Platform>) ? Platform.Parse("linux/s390x")
        : collection.PropertyType == typeof(Collection<string>) ? "application/example+json"
        : throw new InvalidOperationException($"No test item for the option {collection.Name}: add one here.");
}
