using Ariadne.Core.Audit;

namespace Ariadne.Tests.Audit;

/// <summary><see cref="AuditChain.Verify"/> on hand-built chains: every kind of tampering is found and named (issue #3).</summary>
public sealed class AuditChainTests
{
    [Fact]
    public void Verify_IntactChain_ReportsCountAndHead()
    {
        var chain = Chain(5);

        var result = AuditChain.Verify(chain);

        Assert.True(result.IsIntact);
        Assert.Equal(5, result.EntryCount);
        Assert.Equal(chain[^1].Hash, result.HeadHash);
        Assert.Equal("Audit log verified: 5 entries, chain intact.", result.Describe());
    }

    [Fact]
    public void Verify_EmptyLog_Intact()
    {
        var result = AuditChain.Verify([]);

        Assert.True(result.IsIntact);
        Assert.Equal(0, result.EntryCount);
        Assert.Null(result.HeadHash);
    }

    [Fact]
    public void Verify_AnyOrderOfInput_SameResult()
    {
        var chain = Chain(5);

        Assert.True(AuditChain.Verify(chain.AsEnumerable().Reverse()).IsIntact);
    }

    [Fact]
    public void Hash_FirstEntry_LinksToGenesisOf32ZeroBytes()
    {
        var first = Chain(1)[0];

        Assert.Equal(new string('0', 64), first.PreviousHash);
        Assert.Matches("^[0-9a-f]{64}$", first.Hash);
    }

    [Theory]
    [InlineData(nameof(AuditEntry.ActorName))]
    [InlineData(nameof(AuditEntry.Action))]
    [InlineData(nameof(AuditEntry.Outcome))]
    [InlineData(nameof(AuditEntry.SubjectId))]
    [InlineData(nameof(AuditEntry.Reason))]
    [InlineData(nameof(AuditEntry.Details))]
    [InlineData(nameof(AuditEntry.FromAddress))]
    [InlineData(nameof(AuditEntry.AtUtc))]
    public void Verify_AlteredField_AlteredAtThatEntry(string field)
    {
        var chain = Chain(5);
        var entry = chain[2];
        switch (field)
        {
            case nameof(AuditEntry.AtUtc): entry.AtUtc = entry.AtUtc.AddSeconds(-1); break;
            default: typeof(AuditEntry).GetProperty(field)!.SetValue(entry, "tampered"); break;
        }

        var result = AuditChain.Verify(chain);

        Assert.Equal(3, result.BrokenAt);
        Assert.Equal(AuditBreakKind.Altered, result.Kind);
        Assert.StartsWith("Audit log broken at entry #3: altered (", result.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_AlteredHash_AlteredAtThatEntry()
    {
        var chain = Chain(5);
        chain[2].Hash = new string('a', 64);

        var result = AuditChain.Verify(chain);

        Assert.Equal((3L, AuditBreakKind.Altered), (result.BrokenAt!.Value, result.Kind!.Value));
    }

    [Fact]
    public void Verify_AlteredAndRehashed_BreaksAtTheNextLink()
    {
        // An attacker who recomputes the altered entry's hash moves the break to the next entry, which still links to
        // the original hash; it is reported there, as an entry that does not link to its predecessor.
        var chain = Chain(5);
        chain[2].Outcome = AuditOutcomes.Denied;
        chain[2].Hash = AuditHash.Compute(chain[2]);

        var result = AuditChain.Verify(chain);

        Assert.Equal(4, result.BrokenAt);
    }

    [Fact]
    public void Verify_DeletedMiddleEntry_DeletedAtTheGap()
    {
        var chain = Chain(5);
        chain.RemoveAt(2);

        var result = AuditChain.Verify(chain);

        Assert.Equal((3L, AuditBreakKind.Deleted), (result.BrokenAt!.Value, result.Kind!.Value));
        Assert.Equal("Audit log broken at entry #3: deleted (entry #3 is missing)", result.Describe());
    }

    [Fact]
    public void Verify_DeletedAndRenumbered_Deleted()
    {
        var chain = Chain(5);
        chain.RemoveAt(2);
        chain[2].Sequence = 3;
        chain[3].Sequence = 4;

        var result = AuditChain.Verify(chain);

        Assert.Equal((3L, AuditBreakKind.Deleted), (result.BrokenAt!.Value, result.Kind!.Value));
    }

    [Fact]
    public void Verify_DeletedLastEntry_OnlyFoundAgainstAnExpectedHead()
    {
        // A truncated tail is a shorter chain that is valid in itself: nothing inside the log shows that entries are
        // missing at the end. Only a head hash kept outside the database (an external anchor) reveals it.
        var chain = Chain(5);
        var anchoredHead = chain[^1].Hash;
        chain.RemoveAt(4);

        Assert.True(AuditChain.Verify(chain).IsIntact);
        var anchored = AuditChain.Verify(chain, anchoredHead);

        Assert.Equal((5L, AuditBreakKind.Deleted), (anchored.BrokenAt!.Value, anchored.Kind!.Value));
    }

    [Fact]
    public void Verify_ExpectedHeadOfAnEarlierState_IntactAfterLaterAppends()
    {
        var chain = Chain(5);

        Assert.True(AuditChain.Verify(chain, chain[2].Hash.ToUpperInvariant()).IsIntact);
    }

    [Fact]
    public void Verify_InsertedWithDuplicateSequence_Inserted()
    {
        var chain = Chain(5);
        chain.Insert(3, Forge(3, chain[1].Hash));

        var result = AuditChain.Verify(chain);

        Assert.Equal((3L, AuditBreakKind.Inserted), (result.BrokenAt!.Value, result.Kind!.Value));
    }

    [Fact]
    public void Verify_InsertedAndRenumbered_InsertedAtTheForgedEntry()
    {
        var chain = Chain(5);
        foreach (var later in chain.Skip(2))
        {
            later.Sequence++;
        }
        chain.Insert(2, Forge(3, chain[1].Hash));

        var result = AuditChain.Verify(chain);

        Assert.Equal((3L, AuditBreakKind.Inserted), (result.BrokenAt!.Value, result.Kind!.Value));
    }

    [Fact]
    public void Verify_AppendedWithAWrongPreviousHash_Inserted()
    {
        var chain = Chain(5);
        chain.Add(Forge(6, new string('b', 64)));

        var result = AuditChain.Verify(chain);

        Assert.Equal((6L, AuditBreakKind.Inserted), (result.BrokenAt!.Value, result.Kind!.Value));
    }

    [Fact]
    public void Verify_SwappedEntries_ReorderedAtTheFirstOfThem()
    {
        var chain = Chain(5);
        (chain[1].Sequence, chain[2].Sequence) = (chain[2].Sequence, chain[1].Sequence);

        var result = AuditChain.Verify(chain);

        Assert.Equal((2L, AuditBreakKind.Reordered), (result.BrokenAt!.Value, result.Kind!.Value));
        Assert.Contains("written as entry #3", result.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_IntactEntryLinkedOutOfOrder_Reordered()
    {
        // An entry whose own hash is right (its sequence unchanged) but which links to an entry other than its predecessor.
        var chain = Chain(5);
        chain[3].PreviousHash = chain[0].Hash;
        chain[3].Hash = AuditHash.Compute(chain[3]);

        var result = AuditChain.Verify(chain);

        Assert.Equal((4L, AuditBreakKind.Reordered), (result.BrokenAt!.Value, result.Kind!.Value));
    }

    [Fact]
    public void Verify_WithMacKey_RehashedRewriteAndForeignKeyAreForged()
    {
        var key = Enumerable.Repeat((byte)0x11, 32).ToArray();
        var chain = Chain(5);
        chain.ForEach(e => e.Mac = AuditHash.ComputeMac(e, key));
        Assert.True(AuditChain.Verify(chain, macKey: key).IsIntact);

        // Rewrite #2 and recompute every hash and link after it: the plain chain check cannot tell.
        chain[1].ActorName = "someone-else";
        for (var i = 1; i < chain.Count; i++)
        {
            chain[i].PreviousHash = chain[i - 1].Hash;
            chain[i].Hash = AuditHash.Compute(chain[i]);
        }
        var rewritten = AuditChain.Verify(chain, macKey: key);
        var otherKey = AuditChain.Verify(Chain(3).Select(e => { e.Mac = AuditHash.ComputeMac(e, new byte[32]); return e; }), macKey: key);

        Assert.True(AuditChain.Verify(chain).IsIntact);
        Assert.Equal((2L, AuditBreakKind.Forged), (rewritten.BrokenAt!.Value, rewritten.Kind!.Value));
        Assert.StartsWith("Audit log broken at entry #2: forged (", rewritten.Describe(), StringComparison.Ordinal);
        Assert.Equal((1L, AuditBreakKind.Forged), (otherKey.BrokenAt!.Value, otherKey.Kind!.Value));
    }

    [Fact]
    public void Verify_Checkpoint_TruncatedOrRewrittenTailDetected()
    {
        var key = Enumerable.Repeat((byte)0x11, 32).ToArray();
        var chain = Chain(5);
        var checkpoint = AuditCheckpoint.Create(5, chain[4].Hash, new DateTime(2026, 6, 15, 10, 0, 0, DateTimeKind.Utc), key);

        var intact = AuditChain.Verify(chain, checkpoint: checkpoint);
        var truncated = AuditChain.Verify(chain.Take(4), checkpoint: checkpoint);
        var replaced = Chain(4);
        var other = Forge(5, replaced[3].Hash);
        other.ActorName = "another";
        other.Hash = AuditHash.Compute(other);
        replaced.Add(other);
        var rewritten = AuditChain.Verify(replaced, checkpoint: checkpoint);

        Assert.True(checkpoint.IsAuthentic(key));
        Assert.False((checkpoint with { Sequence = 4 }).IsAuthentic(key));
        Assert.Equal(checkpoint, AuditCheckpoint.Parse(checkpoint.ToJson()));
        Assert.True(intact.IsIntact);
        Assert.Equal((5L, AuditBreakKind.Deleted), (truncated.BrokenAt!.Value, truncated.Kind!.Value));
        Assert.Equal((5L, AuditBreakKind.Altered), (rewritten.BrokenAt!.Value, rewritten.Kind!.Value));
    }

    [Fact]
    public void Serialise_NullAndEmpty_Differ()
    {
        var a = Chain(1)[0];
        var b = a.WithSequence(1);
        a.Reason = null;
        b.Reason = "";

        Assert.NotEqual(AuditHash.Compute(a), AuditHash.Compute(b));
    }

    [Fact]
    public void SerialiseDetails_KeyOrder_DoesNotMatter()
    {
        var one = AuditLog.SerialiseDetails(new Dictionary<string, string> { ["b"] = "2", ["a"] = "1" });
        var two = AuditLog.SerialiseDetails(new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" });

        Assert.Equal("{\"a\":\"1\",\"b\":\"2\"}", one);
        Assert.Equal(one, two);
    }

    internal static List<AuditEntry> Chain(int count)
    {
        var entries = new List<AuditEntry>();
        var previous = AuditHash.Genesis;
        for (var i = 1; i <= count; i++)
        {
            var entry = Forge(i, previous);
            entries.Add(entry);
            previous = entry.Hash;
        }
        return entries;
    }

    private static AuditEntry Forge(long sequence, string previousHash)
    {
        var entry = new AuditEntry
        {
            Sequence = sequence,
            AtUtc = new DateTime(2026, 6, 15, 10, 0, 0, DateTimeKind.Utc).AddSeconds(sequence),
            ActorUserId = Guid.Parse("01900000-0000-7000-8000-000000000001"),
            ActorName = "synthetic-worker",
            Action = AuditActions.CaseUpdate,
            SubjectType = "case",
            SubjectId = $"CASE-{sequence}",
            Reason = "synthetic reason",
            FromAddress = "127.0.0.1",
            Outcome = AuditOutcomes.Success,
            Details = "{\"version\":\"1\"}",
            PreviousHash = previousHash,
            Hash = "",
        };
        entry.Hash = AuditHash.Compute(entry);
        return entry;
    }
}
