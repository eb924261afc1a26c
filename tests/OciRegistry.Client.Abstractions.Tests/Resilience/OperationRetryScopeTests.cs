using OciRegistry.Client.Resilience;

namespace OciRegistry.Client.Tests.Resilience;

public sealed class OperationRetryScopeTests
{
    [Fact]
    public async Task A_scope_reaches_the_code_it_awaits_and_starts_and_ends_when_disposed()
    {
        Assert.False(OperationRetryScope.IsActive);
        bool inAwaited;
        bool inStarted;
        using (OperationRetryScope.Begin())
        {
            inAwaited = await ActiveAfterYieldAsync();
            inStarted = await Task.Run(() => OperationRetryScope.IsActive);
        }

        Assert.True(inAwaited);
        Assert.True(inStarted);
        Assert.False(OperationRetryScope.IsActive);
    }

    [Fact]
    public async Task A_scope_begun_inside_an_awaited_method_does_not_leak_to_its_caller()
    {
        await BeginWithoutDisposingAsync();

        Assert.False(OperationRetryScope.IsActive);
    }

    [Fact]
    public void Nested_scopes_restore_the_outer_one_and_a_second_dispose_does_nothing()
    {
        using var outer = OperationRetryScope.Begin();
        var inner = OperationRetryScope.Begin();
        inner.Dispose();
        inner.Dispose();

        Assert.True(OperationRetryScope.IsActive);
        outer.Dispose();
        Assert.False(OperationRetryScope.IsActive);
    }

    private static async Task<bool> ActiveAfterYieldAsync()
    {
        await Task.Yield();
        return OperationRetryScope.IsActive;
    }

    private static async Task BeginWithoutDisposingAsync()
    {
        await Task.Yield();
        _ = OperationRetryScope.Begin();
        Assert.True(OperationRetryScope.IsActive);
    }
}
