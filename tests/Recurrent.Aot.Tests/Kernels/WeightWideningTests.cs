using System.Runtime.Intrinsics;
using Recurrent.Aot.IO;
using Recurrent.Aot.Kernels.Simd;

namespace Recurrent.Aot.Tests.Kernels;

/// <summary>
/// Every width's bfloat16 and int8 loads widen exactly (against the scalar definition) for every int8 value and for
/// bfloat16 patterns covering signs, zeros, subnormals, infinities and NaN. The portable int8 widening that NEON runs
/// is checked here too, since x64 takes the SSE4.1 instruction instead.
/// </summary>
public sealed class WeightWideningTests
{
    private static readonly ushort[] BFloat16Patterns =
    [
        0x0000, 0x8000, 0x3F80, 0xBF80, 0x0001, 0x807F, 0x7F7F, 0xFF7F, 0x7F80, 0xFF80, 0x7FC0, 0x4049, 0xC2F7, 0x3DCD,
        0x1234, 0x5678, 0x9ABC, 0xDEF0,
    ];

    [Fact]
    public void Int8_loads_widen_every_value_exactly_on_every_width()
    {
        sbyte[] all = [.. Enumerable.Range(-128, 256).Select(v => (sbyte)v)];
        AssertInt8<Vector512Ops, Vector512<float>>(all, Lanes, Vector512.IsHardwareAccelerated);
        AssertInt8<Vector256Ops, Vector256<float>>(all, Lanes, Vector256.IsHardwareAccelerated);
        AssertInt8<Vector128Ops, Vector128<float>>(all, Lanes, Vector128.IsHardwareAccelerated);
        AssertInt8<ScalarOps, float>(all, v => [v], true);
        for (int start = 0; start + 16 <= all.Length; start += 4)
        {
            float[] portable = Lanes(Vector128Ops.WidenInt8(Vector128.Create(all.AsSpan(start, 16).ToArray())));
            Assert.Equal(all.AsSpan(start, 4).ToArray().Select(v => (float)v), portable);
        }
    }

    [Fact]
    public void BFloat16_loads_widen_exactly_on_every_width()
    {
        ushort[] patterns = [.. Enumerable.Range(0, 4).SelectMany(_ => BFloat16Patterns)];
        AssertBFloat16<Vector512Ops, Vector512<float>>(patterns, Lanes, Vector512.IsHardwareAccelerated);
        AssertBFloat16<Vector256Ops, Vector256<float>>(patterns, Lanes, Vector256.IsHardwareAccelerated);
        AssertBFloat16<Vector128Ops, Vector128<float>>(patterns, Lanes, Vector128.IsHardwareAccelerated);
        AssertBFloat16<ScalarOps, float>(patterns, v => [v], true);
    }

    [Fact]
    public void BFloat16_pair_loads_widen_both_columns_exactly_on_every_width()
    {
        ushort[] patterns = [.. Enumerable.Range(0, 4).SelectMany(_ => BFloat16Patterns)];
        AssertBFloat16Pairs<Vector512Ops, Vector512<float>>(patterns, Lanes, Vector512.IsHardwareAccelerated);
        AssertBFloat16Pairs<Vector256Ops, Vector256<float>>(patterns, Lanes, Vector256.IsHardwareAccelerated);
        AssertBFloat16Pairs<Vector128Ops, Vector128<float>>(patterns, Lanes, Vector128.IsHardwareAccelerated);
        AssertBFloat16Pairs<ScalarOps, float>(patterns, v => [v], true);
    }

    private static float[] Lanes(Vector512<float> v) => [.. Enumerable.Range(0, Vector512<float>.Count).Select(i => v.GetElement(i))];

    private static float[] Lanes(Vector256<float> v) => [.. Enumerable.Range(0, Vector256<float>.Count).Select(i => v.GetElement(i))];

    private static float[] Lanes(Vector128<float> v) => [.. Enumerable.Range(0, Vector128<float>.Count).Select(i => v.GetElement(i))];

    private static void AssertInt8<TOps, TVec>(sbyte[] values, Func<TVec, float[]> lanes, bool accelerated)
        where TOps : struct, ISimdOps<TVec>
        where TVec : struct
    {
        if (!accelerated)
            return;
        for (int start = 0; start + TOps.Lanes <= values.Length; start += TOps.Lanes)
        {
            sbyte[] exact = values.AsSpan(start, TOps.Lanes).ToArray();
            float[] widened = lanes(TOps.LoadInt8(in exact[0]));
            Assert.Equal(exact.Select(v => (float)v), widened);
        }
    }

    private static void AssertBFloat16<TOps, TVec>(ushort[] values, Func<TVec, float[]> lanes, bool accelerated)
        where TOps : struct, ISimdOps<TVec>
        where TVec : struct
    {
        if (!accelerated)
            return;
        for (int start = 0; start + TOps.Lanes <= values.Length; start += TOps.Lanes)
        {
            ushort[] exact = values.AsSpan(start, TOps.Lanes).ToArray();
            float[] widened = lanes(TOps.LoadBFloat16(in exact[0]));
            for (int i = 0; i < exact.Length; i++)
                Assert.Equal(BitConverter.SingleToInt32Bits(WeightQuantization.FromBFloat16Bits(exact[i])), BitConverter.SingleToInt32Bits(widened[i]));
        }
    }

    /// <summary>Words holding (even, odd) column pairs lane by lane, both orders of the patterns, against the scalar definition.</summary>
    private static void AssertBFloat16Pairs<TOps, TVec>(ushort[] values, Func<TVec, float[]> lanes, bool accelerated)
        where TOps : struct, ISimdOps<TVec>
        where TVec : struct
    {
        if (!accelerated)
            return;
        ushort[] reversed = [.. values.Reverse()];
        for (int start = 0; start + TOps.Lanes <= values.Length; start += TOps.Lanes)
        {
            ushort[] even = values.AsSpan(start, TOps.Lanes).ToArray();
            ushort[] odd = reversed.AsSpan(start, TOps.Lanes).ToArray();
            ushort[] words = [.. even.Zip(odd).SelectMany(pair => new[] { pair.First, pair.Second })];
            TOps.LoadBFloat16Pair(in words[0], out TVec evenVector, out TVec oddVector);
            float[] widenedEven = lanes(evenVector), widenedOdd = lanes(oddVector);
            for (int i = 0; i < even.Length; i++)
            {
                Assert.Equal(BitConverter.SingleToInt32Bits(WeightQuantization.FromBFloat16Bits(even[i])), BitConverter.SingleToInt32Bits(widenedEven[i]));
                Assert.Equal(BitConverter.SingleToInt32Bits(WeightQuantization.FromBFloat16Bits(odd[i])), BitConverter.SingleToInt32Bits(widenedOdd[i]));
            }
        }
    }
}
