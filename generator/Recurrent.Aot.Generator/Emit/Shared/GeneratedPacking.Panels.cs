// The panel packing loops, in one place for both sides: the generator compiles this file to pack embedded
// weights at compile time, and adds its text to every compilation that uses it, where shape-only models call
// the same loops from FromParameters.
namespace Recurrent.Aot.Generation
{
    using global::System;

    internal static partial class GeneratedPacking
    {
        /// <summary>Interleaves one cell's gate rows into panels (bias rows, then x columns, then h columns), as the kernels read them.</summary>
        public static void PackCell(ReadOnlySpan<float> src, Span<float> dst, int offset, int hidden, int inputs, int recurrent, int gates, int gatesH, int biasRows, int panelWidth, int panelFloats, int xSection, int hSection, int hnSection, int weightIh, int weightHh, int biasIh, int biasHh, bool gruAfterReset)
        {
            for (int j = 0; j < hidden; j++)
            {
                int panel = offset + ((j / panelWidth) * panelFloats);
                int u = j % panelWidth;
                for (int b = 0; biasIh >= 0 && b < biasRows; b++)
                {
                    dst[panel + (b * panelWidth) + u] = CellBias(src, hidden, j, b, biasIh, biasHh, gruAfterReset);
                }
                for (int g = 0; g < gates; g++)
                {
                    int row = (g * hidden) + j;
                    for (int k = 0; k < inputs; k++)
                    {
                        dst[panel + xSection + (((k * gates) + g) * panelWidth) + u] = src[weightIh + (row * inputs) + k];
                    }
                    for (int k = 0; k < recurrent; k++)
                    {
                        float value = src[weightHh + (row * recurrent) + k];
                        if (g < gatesH)
                        {
                            dst[panel + hSection + (((k * gatesH) + g) * panelWidth) + u] = value;
                        }
                        else
                        {
                            dst[panel + hnSection + (k * panelWidth) + u] = value;
                        }
                    }
                }
            }
        }

        /// <summary>Bias row <paramref name="b"/> of unit <paramref name="j"/>: b_ih + b_hh of the gate, except where the GRU keeps them apart.</summary>
        private static float CellBias(ReadOnlySpan<float> src, int hidden, int j, int b, int biasIh, int biasHh, bool gruAfterReset)
        {
            // The PyTorch GRU keeps b_in (row 2) and b_hn (row 3) apart: r multiplies W_hn·h + b_hn only.
            return gruAfterReset && b == 2 ? src[biasIh + (2 * hidden) + j]
                : gruAfterReset && b == 3 ? src[biasHh + (2 * hidden) + j]
                : src[biasIh + (b * hidden) + j] + src[biasHh + (b * hidden) + j];
        }

        /// <summary>Packs a plain matrix (projection or head) into panels of output rows.</summary>
        public static void PackDense(ReadOnlySpan<float> src, Span<float> dst, int offset, int rows, int columns, int panelWidth, int panelFloats, int columnSection, int weight, int bias)
        {
            for (int r = 0; r < rows; r++)
            {
                int panel = offset + ((r / panelWidth) * panelFloats);
                int u = r % panelWidth;
                if (columnSection > 0 && bias >= 0)
                {
                    dst[panel + u] = src[bias + r];
                }
                for (int k = 0; k < columns; k++)
                {
                    dst[panel + columnSection + (k * panelWidth) + u] = src[weight + (r * columns) + k];
                }
            }
        }
    }
}
