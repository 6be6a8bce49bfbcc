namespace Ariadne.Core.Statistics.Releases;

/// <summary>What a k-anonymised microdata release reports beside its rows.</summary>
/// <param name="K">Every released combination of quasi-identifiers is shared by at least K records.</param>
/// <param name="L">Distinct ℓ-diversity of the sensitive column (1 = off).</param>
/// <param name="SuppressedRecords">Records left out because their class failed k or ℓ.</param>
/// <param name="InputRecords">Records before suppression.</param>
/// <param name="InformationLoss">Generalisation loss with suppression, 0 (none) to 1.</param>
/// <param name="Levels">The generalisation level chosen per quasi-identifier.</param>
public sealed record MicrodataSummary(int K, int L, int SuppressedRecords, int InputRecords, double InformationLoss, IReadOnlyList<int> Levels);
