using Ariadne.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Ariadne.Core.Tokens;

/// <summary>Finds a token by the public part an operator can see (its identifier); the secret is never looked at.</summary>
public sealed class TokenLookups(AppDbContext db)
{
    /// <summary>The id of the token with <paramref name="identifier"/> (without the <c>ari_</c> prefix); null when there is none.</summary>
    public Task<Guid?> FindIdByIdentifierAsync(string identifier, CancellationToken cancellationToken) =>
        db.PersonalAccessTokens.Where(t => t.Identifier == identifier).Select(t => (Guid?)t.Id).FirstOrDefaultAsync(cancellationToken);
}
