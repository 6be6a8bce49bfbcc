using Mono.Cecil;
using Mono.Cecil.Cil;

namespace Ariadne.Tests.Architecture;

/// <summary>One use of a type of another module: who uses what, and whether the used type is public.</summary>
public sealed record ModuleReference(string FromModule, string FromType, string ToModule, string ToType, bool ToIsPublic);

/// <summary>
/// The modules of an assembly and the references between them, read from the compiled IL with Mono.Cecil: base types,
/// interfaces, fields, properties, method signatures, attributes, local variables and every type, method or field an
/// instruction names (so a use inside a method body counts, not only a signature).
/// </summary>
/// <remarks>
/// A module is the first namespace segment after <c>prefix</c> (<c>Ariadne.Core.Referral.National</c> → <c>Referral</c>);
/// types directly in <c>prefix</c> (the composition root) belong to the module <see cref="Root"/>. Nested and
/// compiler-generated types (closures, async state machines) count for the type that declares them.
/// </remarks>
public sealed class ModuleGraph
{
    public const string Root = "(root)";

    private ModuleGraph(IReadOnlyList<ModuleReference> references, IReadOnlySet<string> modules)
    {
        References = references;
        Modules = modules;
    }

    /// <summary>Each distinct use of another module's type.</summary>
    public IReadOnlyList<ModuleReference> References { get; }

    public IReadOnlySet<string> Modules { get; }

    /// <summary>The module-to-module edges, each once.</summary>
    public IReadOnlySet<(string From, string To)> Edges =>
        References.Select(r => (r.FromModule, r.ToModule)).ToHashSet();

    public static ModuleGraph Read(string assemblyPath, string prefix)
    {
        using var assembly = AssemblyDefinition.ReadAssembly(assemblyPath);
        var references = new HashSet<ModuleReference>();
        var modules = new HashSet<string>(StringComparer.Ordinal);
        foreach (var type in assembly.MainModule.GetTypes())
        {
            var outer = Outermost(type);
            if (ModuleOf(outer.Namespace, prefix) is not { } from)
            {
                continue;
            }
            modules.Add(from);
            foreach (var used in UsedTypes(type))
            {
                var target = Outermost(used);
                if (ModuleOf(target.Namespace, prefix) is not { } to || to == from)
                {
                    continue;
                }
                var resolved = Resolve(used);
                references.Add(new ModuleReference(from, outer.FullName, to, target.FullName, resolved is null || IsVisibleOutside(resolved)));
            }
        }
        return new ModuleGraph(references.OrderBy(r => r.FromModule).ThenBy(r => r.ToModule).ThenBy(r => r.FromType).ToList(), modules);
    }

    /// <summary>The module of a namespace under <paramref name="prefix"/>, or null for a namespace outside it.</summary>
    public static string? ModuleOf(string ns, string prefix)
    {
        if (ns == prefix)
        {
            return Root;
        }
        if (!ns.StartsWith(prefix + ".", StringComparison.Ordinal))
        {
            return null;
        }
        var rest = ns[(prefix.Length + 1)..];
        var dot = rest.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? rest : rest[..dot];
    }

    /// <summary>
    /// The cycles among <paramref name="edges"/> once the edges to and from <paramref name="hubs"/> are left out: each
    /// strongly connected component of more than one module (Tarjan's algorithm).
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<string>> Cycles(IEnumerable<(string From, string To)> edges, IReadOnlySet<string> hubs)
    {
        var graph = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (from, to) in edges.Where(e => !hubs.Contains(e.From) && !hubs.Contains(e.To)))
        {
            (graph.TryGetValue(from, out var list) ? list : graph[from] = []).Add(to);
            graph.TryAdd(to, []);
        }
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var low = new Dictionary<string, int>(StringComparer.Ordinal);
        var stack = new Stack<string>();
        var onStack = new HashSet<string>(StringComparer.Ordinal);
        var components = new List<IReadOnlyList<string>>();
        var next = 0;

        void Visit(string v)
        {
            index[v] = low[v] = next++;
            stack.Push(v);
            onStack.Add(v);
            foreach (var w in graph[v])
            {
                if (!index.ContainsKey(w))
                {
                    Visit(w);
                    low[v] = Math.Min(low[v], low[w]);
                }
                else if (onStack.Contains(w))
                {
                    low[v] = Math.Min(low[v], index[w]);
                }
            }
            if (low[v] == index[v])
            {
                var component = new List<string>();
                string w;
                do
                {
                    w = stack.Pop();
                    onStack.Remove(w);
                    component.Add(w);
                }
                while (w != v);
                if (component.Count > 1)
                {
                    component.Sort(StringComparer.Ordinal);
                    components.Add(component);
                }
            }
        }

        foreach (var v in graph.Keys.Order(StringComparer.Ordinal).ToList())
        {
            if (!index.ContainsKey(v))
            {
                Visit(v);
            }
        }
        return components;
    }

    private static TypeReference Outermost(TypeReference type)
    {
        var t = type.GetElementType();
        while (t.DeclaringType is not null)
        {
            t = t.DeclaringType;
        }
        return t;
    }

    private static TypeDefinition? Resolve(TypeReference type)
    {
        try
        {
            return type.GetElementType().Resolve();
        }
        catch (AssemblyResolutionException)
        {
            return null;
        }
    }

    /// <summary>A type other modules may use: public, and nested only inside public types.</summary>
    private static bool IsVisibleOutside(TypeDefinition type)
    {
        for (var t = type; t is not null; t = t.DeclaringType)
        {
            if (!(t.IsPublic || t.IsNestedPublic))
            {
                return false;
            }
        }
        return true;
    }

    private static IEnumerable<TypeReference> UsedTypes(TypeDefinition type)
    {
        var found = new List<TypeReference>();
        void Add(TypeReference? t)
        {
            switch (t)
            {
                case null:
                    return;
                case GenericInstanceType g:
                    Add(g.ElementType);
                    foreach (var a in g.GenericArguments)
                    {
                        Add(a);
                    }
                    return;
                case TypeSpecification s:
                    Add(s.ElementType);
                    return;
                case GenericParameter:
                    return;
                default:
                    found.Add(t);
                    return;
            }
        }
        void AddAttributes(ICustomAttributeProvider provider)
        {
            foreach (var attribute in provider.CustomAttributes)
            {
                Add(attribute.AttributeType);
            }
        }

        Add(type.BaseType);
        AddAttributes(type);
        foreach (var i in type.Interfaces)
        {
            Add(i.InterfaceType);
        }
        foreach (var field in type.Fields)
        {
            Add(field.FieldType);
            AddAttributes(field);
        }
        foreach (var property in type.Properties)
        {
            Add(property.PropertyType);
            AddAttributes(property);
        }
        foreach (var method in type.Methods)
        {
            Add(method.ReturnType);
            AddAttributes(method);
            foreach (var p in method.Parameters)
            {
                Add(p.ParameterType);
            }
            if (!method.HasBody)
            {
                continue;
            }
            foreach (var local in method.Body.Variables)
            {
                Add(local.VariableType);
            }
            foreach (var instruction in method.Body.Instructions)
            {
                switch (instruction.Operand)
                {
                    case TypeReference t:
                        Add(t);
                        break;
                    case MethodReference m:
                        Add(m.DeclaringType);
                        Add(m.ReturnType);
                        foreach (var p in m.Parameters)
                        {
                            Add(p.ParameterType);
                        }
                        if (m is GenericInstanceMethod gm)
                        {
                            foreach (var a in gm.GenericArguments)
                            {
                                Add(a);
                            }
                        }
                        break;
                    case FieldReference f:
                        Add(f.DeclaringType);
                        Add(f.FieldType);
                        break;
                    case VariableDefinition:
                    case Instruction:
                    case null:
                    default:
                        break;
                }
            }
        }
        return found;
    }
}
