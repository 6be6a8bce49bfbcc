using System.Security.Cryptography;
using Ariadne.Core.Audit;
using Ariadne.Core.Common;
using Ariadne.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Ariadne.Core.Tokens;

/// <summary>
/// What is wrong with a token request: the <see cref="FieldError.Code"/> of its field error (on <c>Name</c>, <c>Scopes</c> or
/// <c>Days</c>), which pages localise as <c>Tokens.Error.{Code}</c>.
/// </summary>
public enum TokenInputError { NameRequired, NameTooLong, ScopesRequired, UnknownScope, LifetimeOutOfRange }

/// <summary>A request for a new token. <paramref name="Days"/> null means the configured default lifetime.</summary>
public sealed record TokenRequest(string? Name, IReadOnlyCollection<string>? Scopes, int? Days);

/// <summary>A token just created: the stored token and the token string (shown once, never stored).</summary>
public sealed record NewToken(PersonalAccessToken Token, string TokenString);

/// <summary>A token as listed: never the secret or its hash.</summary>
public sealed record TokenSummary(Guid Id, Guid UserId, string UserName, string Name, string Identifier, IReadOnlyList<string> Scopes,
    DateTime CreatedAtUtc, DateTime ExpiresAtUtc, DateTime? RevokedAtUtc, DateTime? LastUsedAtUtc, bool Active);

/// <summary>Why a presented token does not work.</summary>
public enum TokenRejection { Malformed, Unknown, Expired, Revoked }

/// <summary>The outcome of <see cref="PersonalAccessTokenService.ValidateAsync"/>: the token, or why it was refused.</summary>
public sealed record TokenValidation(PersonalAccessToken? Token, TokenRejection? Rejection)
{
    public bool IsValid => Rejection is null;
}

/// <summary>Creates, lists, revokes and checks personal access tokens. Creation and revocation are audited.</summary>
public sealed class PersonalAccessTokenService(AppDbContext db, TimeProvider time, IAuditLog audit, IOptions<PersonalAccessTokenOptions> options)
{
    public const int MaxNameLength = 100;
    public const string TokenSubject = "token";

    /// <summary>Writes of <see cref="PersonalAccessToken.LastUsedAtUtc"/> are at least this far apart.</summary>
    public static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    public PersonalAccessTokenOptions Options => options.Value;

    /// <summary>The lifetime in days a request gets, or null when it is out of range.</summary>
    public int? LifetimeDays(int? requested)
    {
        var max = Math.Max(1, Options.MaxLifetimeDays);
        var days = requested ?? Math.Min(Options.DefaultLifetimeDays, max);
        return days >= 1 && days <= max ? days : null;
    }

    /// <summary>The field errors of a token request, coded by <see cref="TokenInputError"/>, with the English message.</summary>
    public IReadOnlyList<FieldError> Validate(TokenRequest request)
    {
        var errors = new List<FieldError>();
        var name = request.Name?.Trim();
        if (string.IsNullOrEmpty(name))
        {
            errors.Add(Error(nameof(TokenRequest.Name), TokenInputError.NameRequired, "Give the token a name."));
        }
        else if (name.Length > MaxNameLength)
        {
            errors.Add(Error(nameof(TokenRequest.Name), TokenInputError.NameTooLong, $"The name is longer than {MaxNameLength} characters."));
        }
        if (request.Scopes is null || request.Scopes.Count == 0)
        {
            errors.Add(Error(nameof(TokenRequest.Scopes), TokenInputError.ScopesRequired, $"Choose at least one scope: {string.Join(", ", TokenScopes.All)}."));
        }
        else if (!request.Scopes.All(TokenScopes.IsKnown))
        {
            errors.Add(Error(nameof(TokenRequest.Scopes), TokenInputError.UnknownScope, $"Scopes are {string.Join(", ", TokenScopes.All)}."));
        }
        if (LifetimeDays(request.Days) is null)
        {
            errors.Add(Error(nameof(TokenRequest.Days), TokenInputError.LifetimeOutOfRange, $"The lifetime is 1 to {Options.MaxLifetimeDays} days."));
        }
        return errors;
    }

    /// <summary>A field error whose localisation arguments are the name limit and the longest lifetime, for every code alike.</summary>
    private FieldError Error(string field, TokenInputError code, string message) =>
        new(field, code.ToString(), message, MaxNameLength, Options.MaxLifetimeDays);

    /// <summary>
    /// Creates a token for <paramref name="userId"/>. The caller has checked that whoever asks may create it (the user
    /// themselves after any required second factor, or the local operator).
    /// </summary>
    /// <returns>The new token, or Invalid with an error per field (<see cref="Validate"/>).</returns>
    public async Task<Result<NewToken>> CreateAsync(Guid userId, TokenRequest request, CancellationToken cancellationToken)
    {
        var errors = Validate(request);
        if (errors.Count > 0)
        {
            return Problem.Invalid(errors);
        }
        var now = time.GetUtcNow().UtcDateTime;
        var (identifier, tokenString, hash) = TokenFormat.Generate();
        var token = new PersonalAccessToken
        {
            Id = Guid.CreateVersion7(),
            UserId = userId,
            Name = request.Name!.Trim(),
            Identifier = identifier,
            SecretHash = hash,
            Scopes = string.Join(' ', TokenScopes.All.Where(s => request.Scopes!.Contains(s, StringComparer.Ordinal))),
            CreatedAtUtc = now,
            ExpiresAtUtc = now.AddDays(LifetimeDays(request.Days)!.Value),
        };
        db.PersonalAccessTokens.Add(token);
        await db.SaveChangesAsync(cancellationToken);
        await audit.AppendAsync(new AuditRecord(AuditActions.TokenCreate, AuditOutcomes.Success, TokenSubject, token.Id.ToString(),
            Details: Details(token)), cancellationToken);
        return new NewToken(token, tokenString);
    }

    /// <summary>The tokens of one user, or of everybody when <paramref name="userId"/> is null; newest first.</summary>
    public async Task<IReadOnlyList<TokenSummary>> ListAsync(Guid? userId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var query = db.PersonalAccessTokens.AsNoTracking();
        if (userId is { } id)
        {
            query = query.Where(t => t.UserId == id);
        }
        var rows = await query
            .Join(db.Users, t => t.UserId, u => u.Id, (t, u) => new { Token = t, u.UserName })
            .ToListAsync(cancellationToken);
        return [.. rows
            .OrderByDescending(r => r.Token.CreatedAtUtc).ThenBy(r => r.Token.Identifier, StringComparer.Ordinal)
            .Select(r => Summarise(r.Token, r.UserName ?? "", now))];
    }

    public static TokenSummary Summarise(PersonalAccessToken t, string userName, DateTime nowUtc) =>
        new(t.Id, t.UserId, userName, t.Name, t.DisplayIdentifier, t.ScopeList, t.CreatedAtUtc, t.ExpiresAtUtc, t.RevokedAtUtc, t.LastUsedAtUtc, t.IsActiveAt(nowUtc));

    /// <summary>
    /// Revokes a token; with <paramref name="ownerId"/> only when it belongs to that user. False when there is no such
    /// token (for that owner). Revoking a revoked token changes nothing and is not audited again.
    /// </summary>
    public async Task<bool> RevokeAsync(Guid id, Guid? ownerId, CancellationToken cancellationToken)
    {
        var token = await db.PersonalAccessTokens.FirstOrDefaultAsync(t => t.Id == id, cancellationToken);
        if (token is null || (ownerId is { } owner && token.UserId != owner))
        {
            return false;
        }
        if (token.RevokedAtUtc is not null)
        {
            return true;
        }
        token.RevokedAtUtc = time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        await audit.AppendAsync(new AuditRecord(AuditActions.TokenRevoke, AuditOutcomes.Success, TokenSubject, token.Id.ToString(),
            Details: Details(token)), cancellationToken);
        return true;
    }

    /// <summary>
    /// Checks a presented token string: found by its identifier, secret compared by hash in constant time, then expiry
    /// and revocation. A valid use is recorded in <see cref="PersonalAccessToken.LastUsedAtUtc"/> at most once a minute.
    /// Whether the owner may still act (roles, lockout) is for the caller to check.
    /// </summary>
    public async Task<TokenValidation> ValidateAsync(string? presented, CancellationToken cancellationToken)
    {
        if (!TokenFormat.TryParse(presented, out var identifier, out var hash))
        {
            return new TokenValidation(null, TokenRejection.Malformed);
        }
        var token = await db.PersonalAccessTokens.AsNoTracking().FirstOrDefaultAsync(t => t.Identifier == identifier, cancellationToken);
        if (token is null || !CryptographicOperations.FixedTimeEquals(token.SecretHash, hash))
        {
            return new TokenValidation(null, TokenRejection.Unknown);
        }
        var now = time.GetUtcNow().UtcDateTime;
        if (token.RevokedAtUtc is not null)
        {
            return new TokenValidation(token, TokenRejection.Revoked);
        }
        if (now >= token.ExpiresAtUtc)
        {
            return new TokenValidation(token, TokenRejection.Expired);
        }
        if (token.LastUsedAtUtc is not { } last || now - last >= LastUsedResolution)
        {
            var threshold = now - LastUsedResolution;
            // Set-based and conditional: concurrent requests write once, and nothing else of the row is touched.
            await db.PersonalAccessTokens
                .Where(t => t.Id == token.Id && (t.LastUsedAtUtc == null || t.LastUsedAtUtc <= threshold))
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.LastUsedAtUtc, now), cancellationToken);
            token.LastUsedAtUtc = now;
        }
        return new TokenValidation(token, null);
    }

    /// <summary>The audit details of a token: never the secret, the hash, or the name the owner gave it.</summary>
    public static Dictionary<string, string> Details(PersonalAccessToken token) => new()
    {
        ["token"] = token.DisplayIdentifier,
        ["userId"] = token.UserId.ToString(),
        ["scopes"] = token.Scopes,
        ["expiresAt"] = token.ExpiresAtUtc.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
    };
}
