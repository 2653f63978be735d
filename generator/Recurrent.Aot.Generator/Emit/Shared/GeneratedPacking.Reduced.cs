// The reduced-precision packing, in one place for both sides (see GeneratedPacking.Panels.cs): the generator compiles
// this file to pack embedded bfloat16 and int8 weights, and shape-only models declared with a WeightPrecision pack the
// weights they are given with it, once, when they are created. The rounding and quantizing rules are the runtime's
// (Recurrent.Aot.IO.WeightQuantization), written again here because a shape-only model may compile without the runtime;
// the generator's tests hold the two to the same bits.
namespace Recurrent.Aot.Generation
{
    using global::System;
    using global::System.Runtime.InteropServices;

    internal static partial class GeneratedPacking
    {
        /// <summary>The largest magnitude an int8 weight takes; -128 is not produced, so the range is symmetric.</summary>
        private const int Int8Limit = 127;

        /// <summary>A float32 weight's bfloat16 bits, rounded to nearest, ties to even; a NaN stays a (quiet) NaN.</summary>
        public static ushort BFloat16Bits(float value)
        {
            uint bits = new SingleBits { Single = value }.Bits;
            if ((bits & 0x7FFF_FFFFu) > 0x7F80_0000u)
            {
                return (ushort)((bits >> 16) | 0x0040u);
            }
            uint tieToEven = 0x7FFFu + ((bits >> 16) & 1u);
            return (ushort)((bits + tieToEven) >> 16);
        }

        /// <summary>
        /// Quantizes the row-major (rows × columns) matrix at <paramref name="offset"/> of <paramref name="values"/> to int8
        /// in place: each weight becomes its integer q (held as a float) and <c>scales[offset + r]</c> row r's scale, so
        /// w ≈ q · scale. A row whose scale is already there (greater than zero: an int8 file's stored scale, its weights
        /// being that file's q · scale) keeps it and gets its stored q back (the division is exact to far less than half a
        /// step); any other row gets <c>scale = max|w| / 127</c> and <c>q = round_half_even(w / scale)</c>, a row of zeros scale 1.
        /// </summary>
        /// <exception cref="ArgumentException">A weight of a row to quantize is NaN or infinite (it has no int8 value).</exception>
        public static void QuantizeInt8(Span<float> values, Span<float> scales, int offset, int rows, int columns)
        {
            for (int r = 0; r < rows; r++)
            {
                Span<float> row = values.Slice(offset + (r * columns), columns);
                float scale = scales[offset + r];
                if (!(scale > 0f))
                {
                    float maxAbs = 0f;
                    for (int c = 0; c < columns; c++)
                    {
                        float value = row[c];
                        if (float.IsNaN(value) || float.IsInfinity(value))
                        {
                            throw new ArgumentException("parameters[" + (offset + (r * columns) + c).ToString(global::System.Globalization.CultureInfo.InvariantCulture) + "] is " + value.ToString(global::System.Globalization.CultureInfo.InvariantCulture) + ": only finite weights can be quantized to int8.");
                        }
                        maxAbs = Math.Max(maxAbs, Math.Abs(value));
                    }
                    scale = maxAbs == 0f ? 1f : maxAbs / Int8Limit;
                    scales[offset + r] = scale;
                }
                for (int c = 0; c < columns; c++)
                {
                    double steps = Math.Round((double)(row[c] / scale), MidpointRounding.ToEven);
                    row[c] = (float)Math.Max(sbyte.MinValue, Math.Min(Int8Limit, steps));
                }
            }
        }

        /// <summary>
        /// Interleaves one cell's gate rows into reduced panels (the layout of <see cref="PackCell"/> with the column sections
        /// narrowed): bias rows in float32; column sections in bfloat16 (each weight rounded, columns in pairs, see
        /// <see cref="PairedIndex"/>) or in int8 (the integers <see cref="QuantizeInt8"/> left in <paramref name="src"/>); for
        /// int8, each section's scale rows (s for each gate row and unit, then 1/s; 1 for padded units) from
        /// <paramref name="scales"/>. <paramref name="dst"/> must be zero: padded units are not written.
        /// </summary>
        public static void PackCellReduced(ReadOnlySpan<float> src, ReadOnlySpan<float> scales, Span<float> dst, int offset, int hidden, int inputs, int recurrent, int gates, int gatesH, int biasRows, int panelWidth, int panelFloats, int xScales, int hScales, int hnScales, int xSection, int hSection, int hnSection, int weightIh, int weightHh, int biasIh, int biasHh, bool gruAfterReset, bool int8)
        {
            Span<byte> bytes = MemoryMarshal.AsBytes(dst);
            int padded = (hidden + panelWidth - 1) / panelWidth * panelWidth;
            for (int j = 0; j < padded; j++)
            {
                int panel = offset + ((j / panelWidth) * panelFloats);
                int u = j % panelWidth;
                for (int g = 0; g < gates; g++)
                {
                    int row = (g * hidden) + j;
                    bool candidateH = g >= gatesH;
                    if (int8)
                    {
                        Scale(dst, panel + xScales, (g * panelWidth) + u, gates * panelWidth, j < hidden ? scales[weightIh + row] : 1f);
                        float hScale = j < hidden ? scales[weightHh + row] : 1f;
                        if (candidateH)
                        {
                            Scale(dst, panel + hnScales, u, panelWidth, hScale);
                        }
                        else
                        {
                            Scale(dst, panel + hScales, (g * panelWidth) + u, gatesH * panelWidth, hScale);
                        }
                    }
                    if (j >= hidden)
                    {
                        continue;
                    }
                    for (int k = 0; k < inputs; k++)
                    {
                        Narrow(bytes, panel + xSection, (((k * gates) + g) * panelWidth) + u, inputs, gates * panelWidth, src[weightIh + (row * inputs) + k], int8);
                    }
                    for (int k = 0; k < recurrent; k++)
                    {
                        float value = src[weightHh + (row * recurrent) + k];
                        if (candidateH)
                        {
                            Narrow(bytes, panel + hnSection, (k * panelWidth) + u, recurrent, panelWidth, value, int8);
                        }
                        else
                        {
                            Narrow(bytes, panel + hSection, (((k * gatesH) + g) * panelWidth) + u, recurrent, gatesH * panelWidth, value, int8);
                        }
                    }
                }
                for (int b = 0; j < hidden && biasIh >= 0 && b < biasRows; b++)
                {
                    dst[panel + (b * panelWidth) + u] = CellBias(src, hidden, j, b, biasIh, biasHh, gruAfterReset);
                }
            }
        }

        /// <summary>Packs a plain matrix (projection or head) into reduced panels of output rows (see <see cref="PackCellReduced"/>).</summary>
        public static void PackDenseReduced(ReadOnlySpan<float> src, ReadOnlySpan<float> scales, Span<float> dst, int offset, int rows, int columns, int panelWidth, int panelFloats, int scaleRows, int columnSection, int weight, int bias, bool int8)
        {
            Span<byte> bytes = MemoryMarshal.AsBytes(dst);
            int padded = (rows + panelWidth - 1) / panelWidth * panelWidth;
            for (int r = 0; r < padded; r++)
            {
                int panel = offset + ((r / panelWidth) * panelFloats);
                int u = r % panelWidth;
                if (int8)
                {
                    Scale(dst, panel + scaleRows, u, panelWidth, r < rows ? scales[weight + r] : 1f);
                }
                if (r >= rows)
                {
                    continue;
                }
                if (bias >= 0)
                {
                    dst[panel + u] = src[bias + r];
                }
                for (int k = 0; k < columns; k++)
                {
                    Narrow(bytes, panel + columnSection, (k * panelWidth) + u, columns, panelWidth, src[weight + (r * columns) + k], int8);
                }
            }
        }

        /// <summary>
        /// Writes element <paramref name="index"/> (float32 order) of the column section at float <paramref name="section"/>:
        /// one int8 byte, or two bfloat16 bytes (little-endian) at the element's place in the paired layout.
        /// </summary>
        private static void Narrow(Span<byte> bytes, int section, int index, int columns, int stride, float value, bool int8)
        {
            if (int8)
            {
                bytes[(section * 4) + index] = unchecked((byte)(sbyte)value);
                return;
            }
            ushort bits = BFloat16Bits(value);
            int at = (section * 4) + (2 * PairedIndex(index, columns, stride));
            bytes[at] = (byte)bits;
            bytes[at + 1] = (byte)(bits >> 8);
        }

        /// <summary>One unit's scale in a section's scale rows: s at <paramref name="index"/>, 1/s one block of rows later (the kernels divide by s before the section and multiply after).</summary>
        private static void Scale(Span<float> dst, int scaleRows, int index, int rowsFloats, float scale)
        {
            scale = scale > 0f ? scale : 1f;
            dst[scaleRows + index] = scale;
            dst[scaleRows + rowsFloats + index] = 1f / scale;
        }

        /// <summary>Reinterprets a float32's bits with neither unsafe code nor an API missing from netstandard2.0.</summary>
        [StructLayout(LayoutKind.Explicit)]
        private struct SingleBits
        {
            [FieldOffset(0)]
            public float Single;

            [FieldOffset(0)]
            public uint Bits;
        }
    }
}
