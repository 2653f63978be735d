extern alias GeneratorAssembly;

using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Recurrent.Aot.Generator.Tests.Support;

namespace Recurrent.Aot.Generator.Tests.Diagnostics;

/// <summary>
/// The oldest language version RAOT012 accepts (C# 12) compiles the generated code of every cell kind and feature
/// cleanly; the one before it is refused (DiagnosticTests.RAOT012_*), so the stated minimum is the real one.
/// </summary>
public sealed class LanguageSupportTests
{
    private const string Models = """
        using Recurrent.Aot.Generation;

        namespace Demo
        {
            [Lstm(InputSize = 3, HiddenSize = 12, Layers = 2, ProjSize = 5, HeadSize = 2, HeadActivation = RecurrentHeadActivation.Softmax)]
            public sealed partial class Projected { }

            [Gru(InputSize = 4, HiddenSize = 9, Bidirectional = true, Reset = RecurrentGruResetMode.BeforeMatmul, FastActivations = true)]
            public sealed partial class Bidirectional { }

            [Rnn(InputSize = 2, HiddenSize = 70, Nonlinearity = RecurrentActivation.Relu, HeadSize = 1)]
            public sealed partial class Elman { }
        }
        """;

    [Fact]
    public void Generated_code_compiles_cleanly_with_the_minimum_language_version()
    {
        Assert.Equal(LanguageVersion.CSharp12, GeneratorAssembly::Recurrent.Aot.Generator.Diagnostics.LanguageSupport.MinimumLanguageVersion);
        var (result, output) = GeneratorHarness.Run(LanguageVersion.CSharp12, Models);
        Assert.Empty(result.Diagnostics);
        Assert.Equal(3, GeneratorHarness.ModelSources(result).Count());
        Assert.All(output.SyntaxTrees, tree => Assert.Equal(LanguageVersion.CSharp12, ((CSharpParseOptions)tree.Options).LanguageVersion));
        GeneratorHarness.Load(output);
    }
}
