using FsCheck;
using FsCheck.Fluent;
using Recurrent.Aot.IO;

namespace Recurrent.Aot.Tests.IO;

/// <summary>Whatever damage a valid file suffers, reading it either works or fails with WeightsFormatException.</summary>
public class SafeTensorsMutationPropertyTests
{
    private static readonly byte[] ValidFile = BuildValidFile();

    [Fact]
    public void Random_byte_mutations_only_ever_throw_WeightsFormatException()
    {
        Gen<(int Position, byte Value)[]> mutations =
            Gen.Choose(1, 6).SelectMany(count =>
                Gen.Zip(Gen.Choose(0, ValidFile.Length - 1), Gen.Choose(0, 255).Select(v => (byte)v))
                    .ArrayOf(count));

        Prop.ForAll(mutations.ToArbitrary(), changes =>
        {
            byte[] bytes = (byte[])ValidFile.Clone();
            foreach (var (position, value) in changes)
            {
                bytes[position] = value;
            }

            return ParsesOrRefuses(bytes);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Truncations_only_ever_throw_WeightsFormatException()
    {
        Prop.ForAll(Gen.Choose(0, ValidFile.Length - 1).ToArbitrary(), length =>
            ParsesOrRefuses(ValidFile.AsSpan(0, length).ToArray())).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Header_characters_replaced_by_JSON_punctuation_only_ever_throw_WeightsFormatException()
    {
        // Random bytes rarely form JSON; punctuation and digits inside the header reach the field checks.
        int headerEnd = 8 + (int)BitConverter.ToUInt64(ValidFile, 0);
        byte[] alphabet = "{}[],:\"-.0123456789eE "u8.ToArray();
        Gen<(int, byte)> change = Gen.Zip(Gen.Choose(8, headerEnd - 1), Gen.Elements(alphabet));

        Prop.ForAll(Gen.Choose(1, 3).SelectMany(n => change.ArrayOf(n)).ToArbitrary(), changes =>
        {
            byte[] bytes = (byte[])ValidFile.Clone();
            foreach (var (position, value) in changes)
            {
                bytes[position] = value;
            }

            return ParsesOrRefuses(bytes);
        }).QuickCheckThrowOnFailure();
    }

    private static bool ParsesOrRefuses(byte[] bytes)
    {
        try
        {
            SafeTensorsFile file = SafeTensorsFile.Parse(bytes);
            foreach (TensorInfo tensor in file.Tensors)
            {
                _ = file.ReadFloat32(tensor.Name);
            }

            return true;
        }
        catch (WeightsFormatException)
        {
            return true;
        }
    }

    private static byte[] BuildValidFile()
    {
        var writer = new SafeTensorsWriter();
        writer.Add("rnn.weight_ih_l0", [1f, 2f, 3f, 4f, 5f, 6f], 2, 3);
        writer.Add("rnn.bias_ih_l0", [0.5f, -0.5f], 2);
        writer.Metadata["recurrent.nonlinearity"] = "relu";
        return SafeTensorsRoundTripTests.WriteToBytes(writer);
    }
}
