using Recurrent.Aot.Interop.Keras;
using Xunit.Abstractions;

namespace Recurrent.Aot.Interop.Tests.Keras;

/// <summary>
/// Every Keras fixture imported and run through the runtime's <see cref="RecurrentModel"/>, stream by stream, against
/// the output of Keras's equations (max abs error ≤ 1e-5): N→N with Run, N→1 with RunLast, a Bidirectional N→1 as
/// the last layer's final states after Run, a go_backwards layer as Run's rows reversed (N→N) or its first row (N→1).
/// </summary>
public sealed class KerasParityTests(ITestOutputHelper output)
{
    private const double Tolerance = 1e-5;

    [Theory]
    [MemberData(nameof(KerasFixture.Names), MemberType = typeof(KerasFixture))]
    public void Imported_model_reproduces_the_Keras_output(string name)
    {
        KerasFixture fixture = KerasFixture.Get(name);
        KerasImportResult result = fixture.Import();
        Assert.Equal(fixture.Output, result.Metadata["keras.output"]);
        double worst = KerasRun.MaxError(result, fixture);
        output.WriteLine($"{name}: max abs error {worst:E2}");
        Assert.True(worst <= Tolerance, $"{name}: max abs error {worst:E2} > {Tolerance:E0}");
    }

    [Theory]
    [MemberData(nameof(KerasFixture.Names), MemberType = typeof(KerasFixture))]
    public void The_shared_ImportedModel_writes_a_file_with_the_same_results(string name)
    {
        KerasFixture fixture = KerasFixture.Get(name);
        KerasImportResult result = fixture.Import();
        ImportedModel model = KerasImporter.ImportModel(fixture.ModelPath, fixture.ConfigPath);

        using var stream = new MemoryStream();
        model.ToSafeTensors().WriteTo(stream);
        double worst = KerasRun.MaxError(stream.ToArray(), result.Output, fixture);

        Assert.True(worst <= Tolerance, $"{name}: max abs error {worst:E2} > {Tolerance:E0}");
        Assert.Equal(result.Metadata["keras.output"], model.Notes["keras.output"]);
    }
}
