// The paired bfloat16 section layout, in one place for both sides (see GeneratedPacking.Panels.cs): the generator
// compiles this file to lay out embedded bfloat16 weights, and shape-only models lay out bound weights with it.
namespace Recurrent.Aot.Generation
{
    internal static partial class GeneratedPacking
    {
        /// <summary>
        /// Where element <paramref name="index"/> of a column section in float32 order (column k's <paramref name="stride"/>
        /// elements, rows × units, after column k - 1's) goes in the paired layout the bfloat16 kernels read: columns 2p and
        /// 2p + 1 share the place of the pair, element e of column 2p at 2e and of column 2p + 1 at 2e + 1, so one 32-bit
        /// word holds both and one full-width load widens into both columns' vectors. An odd last column stays plain.
        /// </summary>
        public static int PairedIndex(int index, int columns, int stride)
        {
            int column = index / stride;
            if ((column | 1) >= columns)
            {
                return index;
            }
            int element = index - (column * stride);
            return ((column & ~1) * stride) + (2 * element) + (column & 1);
        }
    }
}
