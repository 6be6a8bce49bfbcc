using Ariadne.Analytics.Referral;
using Ariadne.Core.Common;

namespace Ariadne.Tests.Infrastructure;

/// <summary>Shorthands for reading a Core <see cref="Result{T}"/> in assertions.</summary>
internal static class ResultAssertions
{
    extension<T>(Result<T> result)
    {
        /// <summary>The rules that refused the operation; empty when it succeeded or failed otherwise.</summary>
        public IReadOnlyList<Refusal> Refusals => result.Problem?.Refusals ?? [];
    }
}
