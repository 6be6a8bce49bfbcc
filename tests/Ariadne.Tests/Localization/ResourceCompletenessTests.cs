using System.Reflection;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Ariadne.Core.Cases;
using Ariadne.Core.Users;

namespace Ariadne.Tests.Localization;

/// <summary>The English and German UI strings stay complete and cover every key the pages use.</summary>
public sealed partial class ResourceCompletenessTests
{
    private static readonly string RepositoryRoot = FindRepositoryRoot();
    private static readonly string ResourceFolder = Path.Combine(RepositoryRoot, "src", "Ariadne", "Resources", "Localization");
    private static readonly string PagesFolder = Path.Combine(RepositoryRoot, "src", "Ariadne", "Pages");

    /// <summary>The failure codes of <see cref="CaseRules"/> and <see cref="CaseService"/>, each with a generic message.</summary>
    private static readonly string[] ValidationCodes =
        ["Required", "UnknownCode", "TooLong", "FutureDate", "BeforeBirth", "OutOfRange", "Contradiction", "Format", "Taken", "Duplicate"];

    [Fact]
    public void GermanResources_SameKeysAsEnglish()
    {
        var english = Read("SharedResource.resx");
        var german = Read("SharedResource.de.resx");

        Assert.Empty(english.Keys.Except(german.Keys).Order(StringComparer.Ordinal));
        Assert.Empty(german.Keys.Except(english.Keys).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void GermanResources_NoEmptyOrPlaceholderValue()
    {
        var german = Read("SharedResource.de.resx");

        var bad = german.Where(e => IsPlaceholder(e.Value)).Select(e => e.Key).Order(StringComparer.Ordinal).ToList();

        Assert.Empty(bad);
    }

    [Fact]
    public void EnglishResources_NoEmptyOrPlaceholderValue()
    {
        var english = Read("SharedResource.resx");

        var bad = english.Where(e => IsPlaceholder(e.Value)).Select(e => e.Key).Order(StringComparer.Ordinal).ToList();

        Assert.Empty(bad);
    }

    [Fact]
    public void Resources_SamePlaceholdersInBothLanguages()
    {
        var english = Read("SharedResource.resx");
        var german = Read("SharedResource.de.resx");

        var mismatched = english.Keys.Intersect(german.Keys)
            .Where(k => !Arguments(english[k]).SetEquals(Arguments(german[k])))
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.Empty(mismatched);
    }

    [Fact]
    public void Pages_EveryLiteralKeyExistsInEnglish()
    {
        var english = Read("SharedResource.resx");
        var files = Directory.EnumerateFiles(PagesFolder, "*.cshtml", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(PagesFolder, "*.cs", SearchOption.AllDirectories))
            .ToList();
        Assert.NotEmpty(files);

        var missing = files
            .SelectMany(f => LiteralKey().Matches(File.ReadAllText(f)).Select(m => (File: Path.GetFileName(f), Key: m.Groups["key"].Value)))
            .Where(use => !english.ContainsKey(use.Key))
            .Select(use => $"{use.File}: {use.Key}")
            .Distinct(StringComparer.Ordinal)
            .ToList();

        Assert.Empty(missing);
    }

    [Fact]
    public void Fields_EveryCaseInputPropertyHasALabel()
    {
        var english = Read("SharedResource.resx");

        var missing = typeof(CaseInput).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(p => "Field." + p.Name)
            .Where(k => !english.ContainsKey(k))
            .ToList();

        Assert.Empty(missing);
    }

    [Fact]
    public void Validation_EveryFailureCodeHasAMessage()
    {
        var english = Read("SharedResource.resx");

        var missing = ValidationCodes.Select(c => "Validation." + c).Where(k => !english.ContainsKey(k)).ToList();

        Assert.Empty(missing);
    }

    /// <summary>Every role has a label (<c>Role.{name}</c>): the user list and the start page show it, never the code.</summary>
    [Fact]
    public void Roles_EveryRoleHasALabel()
    {
        var english = Read("SharedResource.resx");

        var missing = Roles.All.Select(r => "Role." + r).Where(k => !english.ContainsKey(k)).ToList();

        Assert.Empty(missing);
    }

    private static bool IsPlaceholder(string value)
    {
        var trimmed = value.Trim();
        return trimmed.Length == 0
            || trimmed.Contains("TODO", StringComparison.OrdinalIgnoreCase)
            || trimmed.Contains("TBD", StringComparison.Ordinal)
            || trimmed.Contains("FIXME", StringComparison.OrdinalIgnoreCase)
            || trimmed.Contains("???", StringComparison.Ordinal)
            || trimmed.Contains("lorem ipsum", StringComparison.OrdinalIgnoreCase)
            || (trimmed.StartsWith('[') && trimmed.EndsWith(']'));
    }

    private static HashSet<string> Arguments(string value) =>
        [.. FormatArgument().Matches(value).Select(m => m.Value)];

    private static Dictionary<string, string> Read(string file)
    {
        var document = XDocument.Load(Path.Combine(ResourceFolder, file));
        var entries = document.Root!.Elements("data")
            .Select(d => (Key: (string)d.Attribute("name")!, Value: (string?)d.Element("value") ?? ""))
            .ToList();
        var duplicates = entries.GroupBy(e => e.Key, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(duplicates.Count == 0, $"{file} defines keys twice: {string.Join(", ", duplicates)}");
        return entries.ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Ariadne.slnx")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException($"No Ariadne.slnx above {AppContext.BaseDirectory}.");
    }

    /// <summary>A localiser look-up with a literal key: <c>T["Key"]</c> in views, <c>t["Key"]</c>/<c>Localizer["Key"]</c> in page models.</summary>
    [GeneratedRegex("""\b(?:T|t|Localizer)\[\s*"(?<key>[^"]+)"\s*[\],]""")]
    private static partial Regex LiteralKey();

    [GeneratedRegex(@"\{\d+\}")]
    private static partial Regex FormatArgument();
}
