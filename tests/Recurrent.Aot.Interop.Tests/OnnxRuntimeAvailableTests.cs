using Microsoft.ML.OnnxRuntime;

namespace Recurrent.Aot.Interop.Tests;

/// <summary>ONNX Runtime is the oracle of every interop test: it must load in the test process.</summary>
public sealed class OnnxRuntimeAvailableTests
{
    [Fact]
    public void Onnx_runtime_reports_the_cpu_provider()
    {
        Assert.Contains("CPUExecutionProvider", OrtEnv.Instance().GetAvailableProviders());
    }
}
