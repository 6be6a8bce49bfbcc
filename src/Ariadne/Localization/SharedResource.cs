using Microsoft.Extensions.Localization;

// The assembly is named "ariadne" (the executable's name); resource look-up needs the real root namespace to build
// "Ariadne.Resources.Localization.SharedResource" from the type name and the resources path.
[assembly: RootNamespace("Ariadne")]

namespace Ariadne.Localization;

/// <summary>
/// Marker for the UI strings in <c>Resources/Localization/SharedResource.resx</c> (English) and <c>.de.resx</c>
/// (German); the folder mirrors this type's namespace, as <see cref="ResourceManagerStringLocalizerFactory"/> expects.
/// </summary>
public sealed class SharedResource;
