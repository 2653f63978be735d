using System.Globalization;
using System.Text.RegularExpressions;
using PureHDF;

namespace Recurrent.Aot.Interop.Keras;

/// <summary>
/// Keras 3's <c>saving_lib</c> layout (<c>model.weights.h5</c> inside a <c>.keras</c> archive, and
/// <c>model.save_weights("x.weights.h5")</c>): a model's layers live under <c>layers/</c> (Keras 2.13:
/// <c>_layer_checkpoint_dependencies/</c>), each named by its class in snake case with a counter per class
/// (<c>lstm</c>, <c>lstm_1</c>, <c>bidirectional</c>), not by the layer's name. A layer's own variables are
/// datasets <c>vars/0..n</c>; an RNN's are its cell's (<c>cell/vars</c>); a Bidirectional's are under
/// <c>forward_layer/cell/vars</c> and <c>backward_layer/cell/vars</c>.
/// </summary>
internal sealed partial class SavingLibWeightStore(IH5Group rootGroup, string root, string source) : IKerasWeightStore
{
    /// <summary>The folders the layers can live in, newest layout first.</summary>
    public static readonly string[] Roots = ["layers", "_layer_checkpoint_dependencies"];

    public IReadOnlyList<IReadOnlyList<KerasTensor>> Read(IReadOnlyList<KerasLayer> layers)
    {
        IH5Group layersGroup = H5Access.TryGroup(rootGroup, root)
            ?? throw new ModelImportException($"{source}: no '{root}' group.");
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var result = new List<IReadOnlyList<KerasTensor>>();
        foreach (KerasLayer layer in layers)
        {
            string className = layer is KerasRecurrentLayer { Bidirectional: true } ? "Bidirectional" : layer.ClassName;
            string snake = SnakeCase(className);
            int index = counts.GetValueOrDefault(snake);
            counts[snake] = index + 1;
            string key = index == 0 ? snake : $"{snake}_{index.ToString(CultureInfo.InvariantCulture)}";
            if (layer is KerasIdentityLayer)
            {
                result.Add([]);
                continue;
            }
            IH5Group group = H5Access.TryGroup(layersGroup, key)
                ?? throw new ModelImportException($"{source}: no weights for Keras layer {layer.Display}: expected group '{root}/{key}'; the file holds {string.Join(", ", H5Access.ChildNames(layersGroup))}.");
            string where = $"{source}: Keras layer {layer.Display} ('{root}/{key}')";
            result.Add(layer switch
            {
                KerasRecurrentLayer { Bidirectional: true } => [.. CellVars(group, "forward_layer/", where), .. CellVars(group, "backward_layer/", where)],
                KerasRecurrentLayer => CellVars(group, "", where),
                _ => Vars(group, "vars", where),
            });
        }
        return result;
    }

    private static List<KerasTensor> CellVars(IH5Group layer, string prefix, string where)
    {
        string cell = $"{prefix}cell/vars";
        return H5Access.TryGroup(layer, cell) is not null ? Vars(layer, cell, where) : Vars(layer, $"{prefix}vars", where);
    }

    private static List<KerasTensor> Vars(IH5Group layer, string path, string where)
    {
        IH5Group vars = H5Access.TryGroup(layer, path)
            ?? throw new ModelImportException($"{where}: no '{path}' group.");
        IReadOnlyList<string> names = H5Access.ChildNames(vars);
        var tensors = new List<KerasTensor>();
        for (int i = 0; i < names.Count; i++)
        {
            string name = i.ToString(CultureInfo.InvariantCulture);
            if (!names.Contains(name))
            {
                throw new ModelImportException($"{where}: '{path}' holds {string.Join(", ", names)}; expected datasets 0..{names.Count - 1}.");
            }
            try
            {
                tensors.Add(H5Access.ReadFloats(vars, name) with { Path = $"{path}/{name}" });
            }
            catch (ModelImportException e)
            {
                throw new ModelImportException($"{where}: in '{path}', {e.Message}", e);
            }
        }
        return tensors;
    }

    /// <summary>Keras's <c>naming.to_snake_case</c>: <c>SimpleRNN</c> → <c>simple_rnn</c>, <c>LSTM</c> → <c>lstm</c>.</summary>
    public static string SnakeCase(string className)
    {
        string name = NonWord().Replace(className, "");
        name = CapitalWord().Replace(name, "$1_$2");
        name = LowerUpper().Replace(name, "$1_$2");
        return name.ToLowerInvariant();
    }

    [GeneratedRegex(@"\W+")]
    private static partial Regex NonWord();

    [GeneratedRegex("(.)([A-Z][a-z]+)")]
    private static partial Regex CapitalWord();

    [GeneratedRegex("([a-z])([A-Z])")]
    private static partial Regex LowerUpper();
}
