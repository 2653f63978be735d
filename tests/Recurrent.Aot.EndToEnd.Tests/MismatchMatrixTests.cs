using System.Globalization;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Recurrent.Aot.Generator.Tests.Support;
using Recurrent.Aot.IO;
using Recurrent.Aot.Training.Cells;
using Recurrent.Aot.Training.Export;
using Recurrent.Aot.Training.Network;
using Recurrent.Aot.Training.Training;

namespace Recurrent.Aot.EndToEnd.Tests;

/// <summary>
/// Every way a file can disagree with what declares it is an error that names the difference, whichever loader
/// reads it: a shape-only generated model's Load, an embedded declaration (a diagnostic), and the runtime.
/// </summary>
public sealed class MismatchMatrixTests : IDisposable
{
    /// <summary>Shape-only declarations, each the plain 1-layer model of input 3, hidden 8 unless it says otherwise.</summary>
    private const string Declarations = """
        using Recurrent.Aot.Generation;
        namespace Mismatch;

        [Lstm(InputSize = 3, HiddenSize = 8)]
        public sealed partial class Lstm8;

        [Lstm(InputSize = 3, HiddenSize = 8, HasBias = false)]
        public sealed partial class Lstm8NoBias;

        [Rnn(InputSize = 3, HiddenSize = 8)]
        public sealed partial class Rnn8;

        [Gru(InputSize = 3, HiddenSize = 8)]
        public sealed partial class Gru8;

        public static class Loader
        {
            public static void Load(string type, string path)
            {
                switch (type)
                {
                    case "Lstm8": Lstm8.Load(path); break;
                    case "Lstm8NoBias": Lstm8NoBias.Load(path); break;
                    case "Rnn8": Rnn8.Load(path); break;
                    case "Gru8": Gru8.Load(path); break;
                }
            }
        }
        """;

    private static readonly Lazy<Assembly> Compiled = new(() =>
    {
        var (result, output) = GeneratorHarness.Run(Declarations);
        Assert.True(result.Diagnostics.IsEmpty, string.Join("\n", result.Diagnostics));
        return GeneratorHarness.Load(output);
    });

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "raot-mismatch-" + Guid.NewGuid().ToString("N"));

    public MismatchMatrixTests() => Directory.CreateDirectory(_folder);

    /// <summary>(declaring type, file, what the message must say).</summary>
    public static TheoryData<string, string, string> ShapeOnlyMismatches() => new()
    {
        { "Lstm8", "lstm 2 layers bidirectional", "layers: declared 1, file 2" },
        { "Lstm8", "lstm 2 layers bidirectional", "bidirectional: declared no, file yes" },
        { "Lstm8NoBias", "lstm", "biases: declared no, file yes" },
        { "Lstm8", "lstm no bias", "biases: declared yes, file no" },
        { "Rnn8", "rnn relu", "nonlinearity (recurrent.nonlinearity): declared Tanh, file Relu" },
        { "Lstm8", "lstm projection", "projection size: declared 0, file 5" },
        { "Lstm8", "lstm head", "head outputs: declared 0, file 2" },
        { "Gru8", "gru reset before", "GRU reset (recurrent.gru_reset): declared AfterMatmul, file BeforeMatmul" },
        { "Lstm8", "gru", "cell: declared Lstm, file Gru" },
        { "Lstm8", "lstm hidden 9", "hidden size: declared 8, file 9" },
        { "Lstm8", "lstm peepholes", "peepholes: declared no, file yes" },
        { "Lstm8", "lstm unknown tensor", "lstm.weight_xx_l0" },
        { "Lstm8", "lstm unknown metadata key", "recurrent.nonlinearty" },
        { "Lstm8", "lstm cell activation relu", "cell activation (recurrent.cell_activation): declared Tanh, file Relu" },
    };

    [Theory]
    [MemberData(nameof(ShapeOnlyMismatches))]
    public void A_shape_only_Load_refuses_a_file_that_is_not_its_model(string type, string file, string expected)
    {
        string path = Write(file);
        var error = Assert.Throws<WeightsFormatException>(() => Load(type, path));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Lstm8", "lstm")]
    [InlineData("Lstm8NoBias", "lstm no bias")]
    [InlineData("Lstm8", "lstm learned state")]
    [InlineData("Rnn8", "rnn")]
    [InlineData("Gru8", "gru")]
    public void A_shape_only_Load_binds_its_own_model(string type, string file) => Load(type, Write(file));

    /// <summary>What the runtime refuses whatever the caller asks: a file that is not a consistent recurrent module.</summary>
    [Theory]
    [InlineData("lstm unknown tensor", "lstm.weight_xx_l0")]
    [InlineData("lstm unknown metadata key", "recurrent.nonlinearty")]
    public void The_runtime_refuses_a_file_with_something_it_would_not_read(string file, string expected)
    {
        var error = Assert.Throws<WeightsFormatException>(() => RecurrentModel.Load(Write(file)));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    /// <summary>An embedded declaration whose attribute contradicts its file, or a file the rules refuse, is a diagnostic.</summary>
    [Theory]
    [InlineData("lstm 2 layers bidirectional", ", Layers = 1", "RAOT008", "Layers")]
    [InlineData("lstm", ", HiddenSize = 7", "RAOT008", "HiddenSize = 7")]
    [InlineData("lstm", ", Cell = RecurrentCellKind.Gru", "RAOT008", "GRU")]
    [InlineData("lstm unknown tensor", "", "RAOT007", "lstm.weight_xx_l0")]
    [InlineData("lstm unknown metadata key", "", "RAOT007", "recurrent.nonlinearty")]
    public void An_embedded_declaration_that_disagrees_with_its_file_is_a_diagnostic(string file, string arguments, string id, string expected)
    {
        string path = Write(file);
        string source = $"using Recurrent.Aot.Generation;\nnamespace Mismatch;\n[RecurrentModel(\"{Path.GetFileName(path)}\"{arguments})]\npublic static partial class Embedded;\n";
        var (result, _) = GeneratorHarness.Run(source, path);
        Diagnostic diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(id, diagnostic.Id);
        Assert.Contains(expected, diagnostic.GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Empty(GeneratorHarness.ModelSources(result));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static void Load(string type, string path)
    {
        try
        {
            Compiled.Value.GetType("Mismatch.Loader")!.GetMethod("Load")!.Invoke(null, [type, path]);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            throw;
        }
    }

    /// <summary>Exports the named variant of the plain model (module "lstm"/"gru"/"rnn", input 3, hidden 8).</summary>
    private string Write(string name)
    {
        NetworkSpec spec = name switch
        {
            "lstm" or "lstm unknown tensor" or "lstm unknown metadata key" => Lstm(),
            "lstm 2 layers bidirectional" => Lstm() with { Layers = 2, Bidirectional = true },
            "lstm no bias" => Lstm() with { HasBias = false },
            "lstm projection" => Lstm() with { ProjSize = 5 },
            "lstm head" => Lstm() with { HeadSize = 2 },
            "lstm hidden 9" => new NetworkSpec(CellKind.Lstm, 3, 9) { ModuleName = "lstm" },
            "lstm peepholes" => Lstm() with { Peepholes = true },
            "lstm learned state" => Lstm() with { LearnInitialState = true },
            "lstm cell activation relu" => Lstm(),
            "rnn" => new NetworkSpec(CellKind.Rnn, 3, 8) { ModuleName = "rnn" },
            "rnn relu" => new NetworkSpec(CellKind.Rnn, 3, 8) { ModuleName = "rnn", Nonlinearity = Activation.Relu },
            "gru" => new NetworkSpec(CellKind.Gru, 3, 8) { ModuleName = "gru" },
            "gru reset before" => new NetworkSpec(CellKind.Gru, 3, 8) { ModuleName = "gru", GruReset = GruResetMode.BeforeMatmul },
            _ => throw new ArgumentException(name, nameof(name)),
        };
        var network = new RecurrentNetwork<float>(spec);
        Initializer.InitializeDefault(network, seed: 1);
        var writer = new SafeTensorsWriter();
        ModelExporter.Add(network, writer);
        foreach (var (key, value) in ModelExporter.Metadata(spec))
        {
            writer.Metadata[key] = value;
        }

        switch (name)
        {
            case "lstm unknown tensor":
                writer.Add("lstm.weight_xx_l0", new float[4], 4);
                break;
            case "lstm unknown metadata key":
                writer.Metadata["recurrent.nonlinearty"] = "relu";
                break;
            case "lstm cell activation relu":
                writer.Metadata[RecurrentMetadataKeys.CellActivation] = "relu";
                break;
        }

        string path = Path.Combine(_folder, name.Replace(' ', '-') + ".safetensors");
        writer.Save(path);
        return path;
    }

    private static NetworkSpec Lstm() => new(CellKind.Lstm, 3, 8) { ModuleName = "lstm" };
}
