using System.Text;
using Ariadne.Core.CodeLists;

namespace Ariadne.Tests.CodeLists;

public sealed class CodeListRegistryTests
{
    [Fact]
    public void Default_ShippedResources_ContainsEveryListInCodeListIds()
    {
        var registry = CodeListRegistry.Default;

        Assert.All(CodeListIds.All, id => Assert.Equal(id, registry[id].Id));
        Assert.Equal(CodeListIds.All.Order(StringComparer.Ordinal), registry.Lists.Select(l => l.Id).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Default_EveryEntry_HasNonEmptyEnglishAndGermanLabels()
    {
        var missing = CodeListRegistry.Default.Lists
            .SelectMany(l => l.Entries.Select(e => (List: l.Id, Entry: e)))
            .Where(x => string.IsNullOrWhiteSpace(x.Entry.Labels.GetValueOrDefault("en"))
                || string.IsNullOrWhiteSpace(x.Entry.Labels.GetValueOrDefault("de")))
            .Select(x => $"{x.List}/{x.Entry.Code}")
            .ToList();

        Assert.True(missing.Count == 0, $"Entries without an English or German label: {string.Join(", ", missing)}");
    }

    [Fact]
    public void Default_EveryList_HasVersionAndSource()
    {
        Assert.All(CodeListRegistry.Default.Lists, l =>
        {
            Assert.False(string.IsNullOrWhiteSpace(l.Version), l.Id);
            Assert.False(string.IsNullOrWhiteSpace(l.Source), l.Id);
        });
    }

    [Fact]
    public void Indexer_UnknownId_ThrowsKeyNotFoundNamingTheId()
    {
        var ex = Assert.Throws<KeyNotFoundException>(() => CodeListRegistry.Default["no-such-list"]);

        Assert.Contains("no-such-list", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_DuplicateCode_ThrowsNamingListAndCode()
    {
        var ex = Assert.Throws<InvalidDataException>(() => Parse("""
            {"id": "sex", "version": "t", "entries": [
              {"code": "female", "labels": {"en": "Female", "de": "Weiblich"}},
              {"code": "female", "labels": {"en": "Woman", "de": "Frau"}}]}
            """));

        Assert.Contains("'sex'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'female'", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"en": "Female"}""")]
    [InlineData("""{"de": "Weiblich"}""")]
    [InlineData("{}")]
    public void Constructor_MissingLabel_ThrowsNamingListAndCode(string labels)
    {
        var sex = Parse($$"""{"id": "sex", "version": "t", "entries": [{"code": "female", "labels": {{labels}}}]}""");

        var ex = Assert.Throws<InvalidDataException>(() => new CodeListRegistry(ShippedExcept(CodeListIds.Sex).Append(sex)));

        Assert.Contains("'sex'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'female'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_EntryWithoutLabels_ThrowsNamingListAndCode()
    {
        var sex = Parse("""{"id": "sex", "version": "t", "entries": [{"code": "female"}]}""");

        var ex = Assert.Throws<InvalidDataException>(() => new CodeListRegistry(ShippedExcept(CodeListIds.Sex).Append(sex)));

        Assert.Contains("'sex'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'female'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_MissingList_ThrowsNamingTheList()
    {
        var ex = Assert.Throws<InvalidDataException>(() => new CodeListRegistry(ShippedExcept(CodeListIds.Country)));

        Assert.Contains(CodeListIds.Country, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_ListDefinedTwice_ThrowsNamingTheList()
    {
        var extra = Parse("""{"id": "sex", "version": "t", "entries": [{"code": "x", "labels": {"en": "X", "de": "X"}}]}""");

        var ex = Assert.Throws<InvalidDataException>(() => new CodeListRegistry(CodeListRegistry.Default.Lists.Append(extra)));

        Assert.Contains("sex", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_EmptyList_ThrowsNamingTheList()
    {
        var sex = Parse("""{"id": "sex", "version": "t", "entries": []}""");

        var ex = Assert.Throws<InvalidDataException>(() => new CodeListRegistry(ShippedExcept(CodeListIds.Sex).Append(sex)));

        Assert.Contains("'sex'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_EntryWithoutCode_ThrowsNamingFileAndEntry()
    {
        var ex = Assert.Throws<InvalidDataException>(() =>
            Parse("""{"id": "sex", "version": "t", "entries": [{"code": "a", "labels": {}}, {"labels": {}}]}""", "sex.json"));

        Assert.Contains("sex.json", ex.Message, StringComparison.Ordinal);
        Assert.Contains("entry 2", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"version": "t", "entries": []}""")]
    [InlineData("""{"id": "sex", "entries": []}""")]
    public void Parse_MissingIdOrVersion_ThrowsNamingTheFile(string json)
    {
        var ex = Assert.Throws<InvalidDataException>(() => Parse(json, "sex.json"));

        Assert.Contains("sex.json", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_CommentsAndAnyCase_ReadsAllFields()
    {
        var list = Parse("""
            // Comments are allowed in hand-edited lists.
            {"ID": "sex", "Version": "t", "source": "s", "entries": [
              {"code": "female", "labels": {"en": "Female", "de": "Weiblich"}, "ctdc": "F", "glotip": "G", "htcds": "H",
               "attributes": {"k": "v"}}]}
            """);

        var entry = Assert.Single(list.Entries);
        Assert.Equal(("sex", "t", "s"), (list.Id, list.Version, list.Source));
        Assert.Equal(("female", "F", "G", "H", "v"), (entry.Code, entry.Ctdc, entry.Glotip, entry.Htcds, entry.Attribute("k")));
    }

    private static CodeList Parse(string json, string name = "test.json")
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(json));
        return CodeListRegistry.Parse(stream, name);
    }

    private static IEnumerable<CodeList> ShippedExcept(string id) =>
        CodeListRegistry.Default.Lists.Where(l => l.Id != id);
}
