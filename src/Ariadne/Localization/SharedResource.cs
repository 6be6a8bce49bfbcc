namespace Ariadne.Localization;

/// <summary>Marker for the UI strings in <c>Resources/SharedResource.resx</c> (English) and <c>.de.resx</c> (German).</summary>
public sealed class SharedResource;
