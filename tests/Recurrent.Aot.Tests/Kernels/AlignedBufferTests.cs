using System.Runtime.CompilerServices;
using Recurrent.Aot.Kernels.Packing;

namespace Recurrent.Aot.Tests.Kernels;

/// <summary>The storage behind every packed weight: zeroed, exactly as long as asked, first float on a 64-byte boundary.</summary>
public sealed class AlignedBufferTests
{
    [Fact]
    public void Every_length_starts_on_a_64_byte_boundary()
    {
        for (int length = 1; length <= 70; length++)
        {
            var buffer = new AlignedBuffer(length);
            Assert.Equal(length, buffer.Length);
            Assert.Equal(length, buffer.Span.Length);
            Assert.Equal(0, buffer.StartAddress % AlignedBuffer.Alignment);
        }
    }

    [Fact]
    public void Start_is_the_first_float_of_the_span_and_the_floats_start_zeroed()
    {
        var buffer = new AlignedBuffer(37);
        Assert.True(Unsafe.AreSame(ref buffer.Start, ref buffer.Span[0]));
        Assert.All(buffer.Span.ToArray(), value => Assert.Equal(0f, value));

        buffer.Span[36] = 5f;
        Assert.Equal(5f, Unsafe.Add(ref buffer.Start, 36));
    }

    [Fact]
    public void The_start_stays_put_through_a_compacting_collection()
    {
        var buffers = new List<AlignedBuffer>();
        var addresses = new List<nint>();
        for (int i = 0; i < 32; i++)
        {
            // Short-lived arrays in between leave holes a compacting collection would close.
            _ = new float[i * 7 + 1];
            var buffer = new AlignedBuffer(16 * (i + 1) + i % 5);
            buffer.Span[^1] = i;
            buffers.Add(buffer);
            addresses.Add(buffer.StartAddress);
        }

        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);

        for (int i = 0; i < buffers.Count; i++)
        {
            Assert.Equal(addresses[i], buffers[i].StartAddress);
            Assert.Equal(0, buffers[i].StartAddress % AlignedBuffer.Alignment);
            Assert.Equal(i, buffers[i].Span[^1]);
        }
    }

    [Fact]
    public void An_empty_buffer_has_no_floats()
    {
        Assert.Equal(0, AlignedBuffer.Empty.Length);
        Assert.True(AlignedBuffer.Empty.Span.IsEmpty);
        Assert.Equal(0, new AlignedBuffer(0).Length);
    }

    [Fact]
    public void A_negative_length_is_rejected()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new AlignedBuffer(-1));
        Assert.Equal("length", error.ParamName);
    }
}
