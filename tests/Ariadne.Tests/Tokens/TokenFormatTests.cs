using System.Buffers.Text;
using System.Security.Claims;
using System.Security.Cryptography;
using Ariadne.Account;
using Ariadne.Core.Tokens;
using Ariadne.Core.Users;
using Ariadne.Tokens;

namespace Ariadne.Tests.Tokens;

public sealed class TokenFormatTests
{
    [Fact]
    public void Generate_ParsesBackToItsIdentifierAndHash()
    {
        var (identifier, token, hash) = TokenFormat.Generate();

        Assert.Equal(TokenFormat.Length, token.Length);
        Assert.StartsWith("ari_" + identifier + "_", token, StringComparison.Ordinal);
        Assert.Matches("^[0-9a-f]{16}$", identifier);
        Assert.True(TokenFormat.TryParse(token, out var parsedIdentifier, out var parsedHash));
        Assert.Equal(identifier, parsedIdentifier);
        Assert.Equal(hash, parsedHash);
        Assert.Equal(SHA256.HashData(Base64Url.DecodeFromChars(token.AsSpan(21))), hash);
    }

    [Fact]
    public void Generate_TwoTokens_Differ()
    {
        var a = TokenFormat.Generate();
        var b = TokenFormat.Generate();

        Assert.NotEqual(a.Identifier, b.Identifier);
        Assert.NotEqual(a.Token, b.Token);
        Assert.NotEqual(a.SecretHash, b.SecretHash);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("ari_")]
    [InlineData("xyz_0123456789abcdef_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("ari_0123456789ABCDEF_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("ari_0123456789abcdef-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("ari_0123456789abcdef_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("ari_0123456789abcdef_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA*")]
    public void TryParse_Malformed_False(string? token)
    {
        Assert.False(TokenFormat.TryParse(token, out _, out _));
    }

    [Theory]
    [InlineData(new[] { Roles.CaseWorker }, false, true)]
    [InlineData(new[] { Roles.CaseWorker }, true, false)]
    [InlineData(new[] { Roles.Analyst }, false, false)]
    [InlineData(new[] { Roles.Coordinator, Roles.CaseWorker }, false, true)]
    public void SecondFactorMissing_OnlyForRolesThatNeedItWithoutAnMfaSignIn(string[] roles, bool signedInWithMfa, bool expected)
    {
        var claims = roles.Select(r => new Claim(ClaimTypes.Role, r)).ToList();
        // Enrolled, but this sign-in did not use the authenticator (e.g. enrolled during the session).
        claims.Add(new Claim(AriadneClaimsPrincipalFactory.TwoFactorEnabledClaim, "true"));
        if (signedInWithMfa)
        {
            claims.Add(new Claim("amr", "mfa"));
        }
        var user = new ClaimsPrincipal(new ClaimsIdentity(claims, "test"));

        Assert.Equal(expected, TokenRules.SecondFactorMissing(user, new SecurityOptions()));
        Assert.False(TokenRules.SecondFactorMissing(user, new SecurityOptions { RequireTwoFactor = false }));
    }
}
