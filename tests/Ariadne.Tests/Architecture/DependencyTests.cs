using System.Reflection;

namespace Ariadne.Tests.Architecture;

/// <summary>Guards the direction of dependencies between the projects (docs/architecture.md).</summary>
public sealed class DependencyTests
{
    [Fact]
    public void Analytics_ReferencesOnlyTheBaseLibrary()
    {
        var analytics = typeof(Ariadne.Analytics.Demographics.AgeBands).Assembly;
        var references = analytics.GetReferencedAssemblies().Select(a => a.Name!).ToList();
        var outside = references.Where(name => !IsBaseLibrary(name)).ToList();
        Assert.True(outside.Count == 0, "Ariadne.Analytics references " + string.Join(", ", outside));
    }

    [Fact]
    public void Core_DoesNotReferenceTheExecutable()
    {
        var core = typeof(Ariadne.Core.Data.AppDbContext).Assembly;
        Assert.DoesNotContain(core.GetReferencedAssemblies(), a => a.Name == "Ariadne");
        Assert.DoesNotContain(core.GetReferencedAssemblies(), a => a.Name!.StartsWith("Microsoft.AspNetCore.Mvc", StringComparison.Ordinal));
    }

    [Fact]
    public void BaseLibraryCheck_RefusesAFrameworkOutsideIt()
    {
        // The guard must be able to fail: EF Core and ASP.NET Core are not the base library.
        Assert.False(IsBaseLibrary("Microsoft.EntityFrameworkCore"));
        Assert.False(IsBaseLibrary("Microsoft.AspNetCore.Http"));
        Assert.True(IsBaseLibrary("System.Runtime"));
    }

    private static bool IsBaseLibrary(string name) =>
        name is "System.Runtime" or "netstandard" or "mscorlib" || (name.StartsWith("System.", StringComparison.Ordinal) && !name.StartsWith("System.Data", StringComparison.Ordinal))
        || name == Assembly.GetAssembly(typeof(object))!.GetName().Name;
}
