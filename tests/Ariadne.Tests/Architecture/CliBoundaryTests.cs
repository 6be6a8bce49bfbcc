using Ariadne.Core.Data;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace Ariadne.Tests.Architecture;

/// <summary>
/// The command line, like every surface of the executable, is thin: no type in <c>Ariadne.Cli</c> (nor, apart from the Data
/// Protection key ring, anywhere in the executable) touches the database itself. Every query goes
/// through a Core service, and the schema is handled in one place (<see cref="SchemaState"/>). The scan reads the IL of
/// every method (closures and async state machines included), every field, parameter, return and local type.
/// </summary>
public sealed class CliBoundaryTests
{
    [Fact]
    public void CliTypes_ReferenceNeitherAppDbContextNorEntityFramework()
    {
        using var module = ModuleDefinition.ReadModule(typeof(Ariadne.Cli.CliHost).Assembly.Location);

        var violations = DatabaseReferences(module, "Ariadne.Cli");

        Assert.True(violations.Count == 0, "Ariadne.Cli reaches the database directly:\n" + string.Join("\n", violations));
    }

    [Fact]
    public void WholeExecutable_ReachesTheDatabaseOnlyToStoreTheDataProtectionKeys()
    {
        // Pages, endpoints, start sections and commands all go through Core services. The one exception is the
        // registration of ASP.NET Core Data Protection, whose key ring EF Core keeps in the application's context.
        using var module = ModuleDefinition.ReadModule(typeof(Ariadne.Cli.CliHost).Assembly.Location);

        var violations = DatabaseReferences(module, "Ariadne")
            .Where(v => !v.StartsWith("Ariadne.Account.AccountServiceCollectionExtensions.AddAriadneAccounts", StringComparison.Ordinal)).ToList();

        Assert.True(violations.Count == 0, "The executable reaches the database directly:\n" + string.Join("\n", violations));
    }

    [Fact]
    public void Scanner_FindsDatabaseCodeInASample_AndNothingInAClean_One()
    {
        // The guard must be able to fail: a sample that queries AppDbContext (in a lambda and an async method) is caught.
        using var module = ModuleDefinition.ReadModule(typeof(CliBoundaryTests).Assembly.Location);

        var dirty = DatabaseReferences(module, typeof(Samples.Dirty.QueriesTheDatabase).Namespace!);
        var clean = DatabaseReferences(module, typeof(Samples.Clean.UsesAService).Namespace!);

        Assert.Contains(dirty, v => v.Contains("Ariadne.Core.Data.AppDbContext", StringComparison.Ordinal));
        Assert.Contains(dirty, v => v.Contains("Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions", StringComparison.Ordinal));
        Assert.Contains(dirty, v => v.StartsWith("Ariadne.Tests.Architecture.Samples.Dirty.HoldsAContext", StringComparison.Ordinal));
        Assert.Empty(clean);
    }

    /// <summary>Every reference to <c>AppDbContext</c> (or a provider's subclass) or to EF Core from the types of <paramref name="ns"/>, as "Type.Member: reference".</summary>
    internal static List<string> DatabaseReferences(ModuleDefinition module, string ns)
    {
        var found = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var type in module.Types.Where(t => t.Namespace == ns || t.Namespace.StartsWith(ns + ".", StringComparison.Ordinal)))
        {
            Scan(type, type.FullName, found);
        }
        return [.. found];
    }

    private static void Scan(TypeDefinition type, string owner, SortedSet<string> found)
    {
        void Check(string member, TypeReference? reference)
        {
            foreach (var name in Names(reference))
            {
                if (IsDatabase(name))
                {
                    found.Add($"{owner}.{member}: {name}");
                }
            }
        }

        Check("(base)", type.BaseType);
        foreach (var i in type.Interfaces)
        {
            Check("(interface)", i.InterfaceType);
        }
        foreach (var field in type.Fields)
        {
            Check(field.Name, field.FieldType);
        }
        foreach (var method in type.Methods)
        {
            Check(method.Name, method.ReturnType);
            foreach (var parameter in method.Parameters)
            {
                Check(method.Name, parameter.ParameterType);
            }
            if (!method.HasBody)
            {
                continue;
            }
            foreach (var local in method.Body.Variables)
            {
                Check(method.Name, local.VariableType);
            }
            foreach (var instruction in method.Body.Instructions)
            {
                switch (instruction.Operand)
                {
                    case TypeReference t:
                        Check(method.Name, t);
                        break;
                    case MethodReference m:
                        Check(method.Name, m.DeclaringType);
                        Check(method.Name, m.ReturnType);
                        foreach (var p in m.Parameters)
                        {
                            Check(method.Name, p.ParameterType);
                        }
                        if (m is GenericInstanceMethod g)
                        {
                            foreach (var argument in g.GenericArguments)
                            {
                                Check(method.Name, argument);
                            }
                        }
                        break;
                    case FieldReference f:
                        Check(method.Name, f.DeclaringType);
                        Check(method.Name, f.FieldType);
                        break;
                    case VariableDefinition v:
                        Check(method.Name, v.VariableType);
                        break;
                }
            }
        }
        // Lambdas, local functions and async methods compile to nested types: they belong to the same owner.
        foreach (var nested in type.NestedTypes)
        {
            Scan(nested, owner, found);
        }
    }

    /// <summary>The full names a type reference mentions: itself, its element type and its generic arguments.</summary>
    private static IEnumerable<string> Names(TypeReference? reference)
    {
        switch (reference)
        {
            case null:
            case GenericParameter:
                yield break;
            case GenericInstanceType generic:
                foreach (var name in Names(generic.ElementType).Concat(generic.GenericArguments.SelectMany(Names)))
                {
                    yield return name;
                }
                break;
            case TypeSpecification specification:
                foreach (var name in Names(specification.ElementType))
                {
                    yield return name;
                }
                break;
            default:
                yield return reference.FullName;
                if (reference.DeclaringType is { } declaring)
                {
                    yield return declaring.FullName;
                }
                break;
        }
    }

    private static bool IsDatabase(string fullName) =>
        fullName.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal)
        || fullName is "Ariadne.Core.Data.AppDbContext" or "Ariadne.Core.Data.SqliteAppDbContext" or "Ariadne.Core.Data.PostgresAppDbContext";
}
