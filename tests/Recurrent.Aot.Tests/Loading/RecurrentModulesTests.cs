using Recurrent.Aot.IO;
using Recurrent.Aot.Tests.Support;

namespace Recurrent.Aot.Tests.Loading;

public sealed class RecurrentModulesTests
{
    private static SafeTensorsFile TwoModules(string? metadataModule = null)
    {
        var writer = new SafeTensorsWriter();
        writer.Add("encoder.lstm.weight_ih_l0", new float[8], 8, 1);
        writer.Add("encoder.lstm.weight_hh_l0", new float[16], 8, 2);
        writer.Add("cell.weight_ih", new float[6], 6, 1);
        writer.Add("cell.weight_hh", new float[12], 6, 2);
        writer.Add("fc.weight", new float[2], 1, 2);
        if (metadataModule is not null)
            writer.Metadata["recurrent.module"] = metadataModule;
        return TorchFiles.Parse(writer);
    }

    [Fact]
    public void Find_lists_layered_modules_and_single_cells_by_prefix()
    {
        var modules = RecurrentModules.Find(TwoModules()).OrderBy(m => m.Prefix, StringComparer.Ordinal).ToArray();
        Assert.Equal([new RecurrentModuleInfo("cell.", IsCell: true), new RecurrentModuleInfo("encoder.lstm.", IsCell: false)], modules);
        Assert.Equal("encoder.lstm", modules[1].DisplayName);
    }

    [Theory]
    [InlineData("encoder.lstm")]
    [InlineData("encoder.lstm.")]
    public void Choose_takes_the_requested_prefix_with_or_without_its_dot(string requested)
        => Assert.Equal("encoder.lstm.", RecurrentModules.Choose(TwoModules(), requested).Prefix);

    [Theory]
    [InlineData("cell")]
    [InlineData(" cell. ")]
    public void Choose_falls_back_to_the_metadata_read_as_the_model_loader_reads_it(string metadataModule)
    {
        SafeTensorsFile file = TwoModules(metadataModule);
        Assert.Equal("cell.", RecurrentModules.Choose(file, null).Prefix);
        // The loader goes through the same choice, so what it loads and what Choose names never differ.
        Assert.Equal(1, RecurrentModel.FromSafeTensors(file).Spec.Layers);
    }

    [Fact]
    public void Choose_without_a_name_among_several_lists_them()
    {
        var error = Assert.Throws<WeightsFormatException>(() => RecurrentModules.Choose(TwoModules(), null));
        Assert.Contains("several modules", error.Message, StringComparison.Ordinal);
        Assert.Contains("'cell'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'encoder.lstm'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Choose_an_unknown_name_says_what_the_file_holds()
    {
        var error = Assert.Throws<WeightsFormatException>(() => RecurrentModules.Choose(TwoModules(), "decoder"));
        Assert.Contains("no module 'decoder'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'encoder.lstm'", error.Message, StringComparison.Ordinal);
    }
}
