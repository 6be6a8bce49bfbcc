// Two tiny modules that break both rules on purpose, so the boundary checks are shown able to fail.
namespace Ariadne.Tests.Architecture.Samples.Modules.Alpha
{
    public sealed class AlphaService
    {
        public int Use() => new Beta.BetaHelper().Value + Beta.BetaService.Count;
    }
}

namespace Ariadne.Tests.Architecture.Samples.Modules.Beta
{
    internal sealed class BetaHelper
    {
        public int Value => 1;
    }

    public static class BetaService
    {
        public static int Count => typeof(Alpha.AlphaService).Name.Length;
    }
}
