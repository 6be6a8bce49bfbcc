using Ariadne.Analytics.Finance;

namespace Ariadne.Tests.Finance;

/// <summary>
/// <see cref="TransactionStoreBuilder.Build"/>: rows sorted by time, stable on ties, every column moved with its row,
/// whatever the expected size given (too small: the columns grow; too large: they are trimmed), and a file already in
/// time order kept as it is.
/// </summary>
public sealed class TransactionStoreTests
{
    /// <summary>Rows (id, time) out of order with ties; the amount, passenger and places follow their id.</summary>
    private static readonly (long Id, long Time)[] Rows = [(1, 50), (2, 10), (3, 50), (4, 5), (5, 10), (6, 70), (7, 50), (8, 1)];

    [Theory]
    [InlineData(1)]
    [InlineData(8)]
    [InlineData(1000)]
    public void Build_OutOfOrderRows_SortedByTimeStableOnTiesColumnsFollowTheirRow(int expected)
    {
        var builder = new TransactionStoreBuilder(expected);
        builder.DescribeAccount("A", AccountKind.Individual, "DE");
        foreach (var (id, time) in Rows)
        {
            builder.Add(id, id % 2 == 0 ? "A" : "B", id == 4 ? "A" : "C" + id, amount: id * 100, time, Channel.Transfer, currency: "EUR", branch: "BR" + id,
                country: id == 4 ? null : "FR", place: "R/" + id, kind: "K" + id, flags: (byte)id, passenger: id % 3 == 0 ? "P" + id : null);
        }
        var store = builder.Build();

        // Time order; on equal times the file's order (10: 2 before 5; 50: 1, 3, 7).
        Assert.Equal([8L, 4, 2, 5, 1, 3, 7, 6], store.Ids);
        Assert.Equal([1L, 5, 10, 10, 50, 50, 50, 70], store.Time);
        for (var i = 0; i < store.Count; i++)
        {
            var id = store.Ids[i];
            Assert.Equal(id * 100, store.Amount[i]);
            Assert.Equal(id == 4 ? "A" : "C" + id, store.Accounts[store.Target[i]]);
            Assert.Equal(id % 2 == 0 ? "A" : "B", store.Accounts[store.Source[i]]);
            Assert.Equal("BR" + id, store.Branches[store.Branch[i]]);
            Assert.Equal("R/" + id, store.Places[store.Place[i]]);
            Assert.Equal("K" + id, store.Kinds[store.Kind[i]]);
            Assert.Equal((byte)id, store.Flags[i]);
            Assert.Equal(id % 3 == 0 ? "P" + id : "", store.NameKeys[store.Passenger[i]]);
        }
        // Row 4 named no country: it takes the receiving account's (A, DE, from the accounts file); the others keep their own.
        Assert.Equal(["FR", "DE", "FR", "FR", "FR", "FR", "FR", "FR"], store.Country.Select(c => store.Countries[c]));
        Assert.Equal(Rows.Length, store.Count);
        Assert.Equal(Rows.Length, store.Amount.Length);
    }

    [Fact]
    public void Build_RowsAlreadyInTimeOrder_KeptInFileOrder()
    {
        var builder = new TransactionStoreBuilder(3);
        builder.Add(30, "A", "B", 1, 5, Channel.Cash);
        builder.Add(10, "B", "A", 2, 5, Channel.Cash);
        builder.Add(20, "A", "B", 3, 9, Channel.Cash);
        var store = builder.Build();
        Assert.Equal([30L, 10, 20], store.Ids);
        Assert.Equal([1L, 2, 3], store.Amount);
    }
}
