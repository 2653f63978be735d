using System.ComponentModel;
using Recurrent.Aot.IO;
using Recurrent.Aot.Loading;
using Recurrent.Aot.Loading.Rules;

namespace Recurrent.Aot;

/// <summary>A recurrent module found in a weights file: its name prefix and whether it is a single cell (no _l{k} suffixes).</summary>
/// <param name="Prefix">The tensor-name prefix with its trailing dot (<c>"lstm."</c>), or <c>""</c> at the file's top level.</param>
/// <param name="IsCell">True for <c>nn.LSTMCell</c>-style names (<c>weight_ih</c>), false for layered ones (<c>weight_ih_l0</c>).</param>
/// <remarks>Public for generated loaders and the tools; users load with <see cref="RecurrentModel.Load"/>.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed record RecurrentModuleInfo(string Prefix, bool IsCell)
{
    /// <summary>The prefix as users write it: without the trailing dot, "(none)" for the file's top level.</summary>
    public string DisplayName => ArchitectureRules.DisplayName(Prefix);
}

/// <summary>Finds recurrent modules by their PyTorch tensor names (<c>{prefix}weight_ih_l0</c> or <c>{prefix}weight_ih</c>).</summary>
/// <remarks>
/// Public only for the code the generator emits (a shape-only model's <c>Load</c> chooses its module here) and the
/// tools; it is not part of the API users call, which is <see cref="RecurrentModel.Load"/>
/// with <see cref="ModelLoadOptions.Module"/>.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class RecurrentModules
{
    /// <summary>Every recurrent module of the file, in file order.</summary>
    public static IReadOnlyList<RecurrentModuleInfo> Find(SafeTensorsFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        return ArchitectureRules.FindModules(new SafeTensorsDirectory(file)).Select(m => new RecurrentModuleInfo(m.Prefix, m.IsCell)).ToList();
    }

    /// <summary>
    /// The module named by <paramref name="requested"/> (a trailing dot optional), else the one the file's
    /// <c>recurrent.module</c> metadata names, else the only one. A <see cref="WeightsFormatException"/>
    /// that lists the file's modules when none fits.
    /// </summary>
    public static RecurrentModuleInfo Choose(SafeTensorsFile file, string? requested)
    {
        ArgumentNullException.ThrowIfNull(file);
        (string prefix, bool isCell) = ArchitectureRules.ChooseModule(new SafeTensorsDirectory(file), requested, new MetadataValues(file.Metadata));
        return new RecurrentModuleInfo(prefix, isCell);
    }
}
