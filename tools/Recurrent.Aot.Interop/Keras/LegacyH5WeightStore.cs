using PureHDF;

namespace Recurrent.Aot.Interop.Keras;

/// <summary>
/// Keras's HDF5 layout of <c>model.save("m.h5")</c> (under <c>model_weights</c>) and of Keras 2's
/// <c>model.save_weights("w.h5")</c> (at the root): attribute <c>layer_names</c>, one group per layer named as the
/// layer, whose attribute <c>weight_names</c> lists its datasets in order (<c>lstm/lstm_cell/kernel:0</c>, ...).
/// </summary>
internal sealed class LegacyH5WeightStore(IH5Group weights, string source) : IKerasWeightStore
{
    public IReadOnlyList<IReadOnlyList<KerasTensor>> Read(IReadOnlyList<KerasLayer> layers)
    {
        List<string> layerNames = H5Access.TryStrings(weights, "layer_names")
            ?? throw new ModelImportException($"{source}: the weights group has no 'layer_names' attribute.");
        var result = new List<IReadOnlyList<KerasTensor>>();
        foreach (KerasLayer layer in layers)
        {
            if (layer is KerasIdentityLayer)
            {
                result.Add([]);
                continue;
            }
            if (!layerNames.Contains(layer.Name) || H5Access.TryGroup(weights, layer.Name) is not { } group)
            {
                throw new ModelImportException($"{source}: no weights for Keras layer {layer.Display}; the file holds layers {string.Join(", ", layerNames)}.");
            }
            List<string> weightNames = H5Access.TryStrings(group, "weight_names")
                ?? throw new ModelImportException($"{source}: the weights group of Keras layer {layer.Display} has no 'weight_names' attribute.");
            var tensors = new List<KerasTensor>();
            foreach (string name in weightNames)
            {
                try
                {
                    tensors.Add(H5Access.ReadFloats(group, name));
                }
                catch (ModelImportException e)
                {
                    throw new ModelImportException($"{source}: Keras layer {layer.Display}: {e.Message}", e);
                }
            }
            result.Add(tensors);
        }
        return result;
    }
}
