using Recurrent.Aot.IO;

namespace Recurrent.Aot.Tests.Parity;

/// <summary>
/// One fixture file (tests/fixtures/README.md) read with the runtime's <see cref="SafeTensorsFile"/> and
/// rearranged into the runtime's layouts: inputs and outputs sequence-major (seq, batch, n) even when
/// the file is batch-first, and PyTorch's h0/h_n/c0/c_n as one state vector per stream
/// (every h, then every c: docs/runtime-api.md).
/// </summary>
internal sealed class ParityFixture
{
    private ParityFixture(string id, string path, SafeTensorsFile file)
    {
        Id = id;
        Path = path;
        File = file;
    }

    public string Id { get; }

    public string Path { get; }

    public SafeTensorsFile File { get; }

    public int SequenceLength { get; private set; }

    public int Batch { get; private set; }

    public int InputSize { get; private set; }

    /// <summary>Floats per step of the expected output: the head's classes when there is a head.</summary>
    public int OutputSize { get; private set; }

    /// <summary>Floats of h per stream: layers · directions · H_out.</summary>
    public int HiddenStateSize { get; private set; }

    /// <summary>Floats of c per stream: layers · directions · H for an LSTM, else 0.</summary>
    public int CellStateSize { get; private set; }

    public int StateSize => HiddenStateSize + CellStateSize;

    public bool Bidirectional { get; private set; }

    public bool HasHead { get; private set; }

    /// <summary>Each input after the first is the previous step's output (a 1→N case for Generate).</summary>
    public bool Feedback { get; private set; }

    /// <summary>(seq, batch, X).</summary>
    public float[] Inputs { get; private set; } = [];

    /// <summary>(seq, batch, OutputSize): <c>test.head_output</c> when present, else <c>test.output</c>.</summary>
    public float[] ExpectedOutputs { get; private set; } = [];

    /// <summary>(batch, StateSize): h0/c0, or zeros when the case starts from PyTorch's zero state.</summary>
    public float[] InitialStates { get; private set; } = [];

    /// <summary>(batch, StateSize): h_n and c_n.</summary>
    public float[] ExpectedFinalStates { get; private set; } = [];

    public static ParityFixture Load(string id)
    {
        string path = ParityCases.PathOf(id);
        Assert.True(System.IO.File.Exists(path),
            $"Parity fixture '{id}' is missing: expected {path}. Regenerate with tests/fixtures/make_fixtures.py.");
        var fixture = new ParityFixture(id, path, SafeTensorsFile.Load(path));
        fixture.Read();
        return fixture;
    }

    /// <summary>The model under test, built by the runtime from the file exactly as a user would load it.</summary>
    public RecurrentModel LoadModel()
    {
        RecurrentModel model = RecurrentModel.Load(Path);
        Assert.True(model.InputSize == InputSize, $"{Id}: model.InputSize is {model.InputSize}, the fixture's input has {InputSize} features.");
        Assert.True(model.OutputSize == OutputSize, $"{Id}: model.OutputSize is {model.OutputSize}, the fixture's output has {OutputSize} per step.");
        Assert.True(model.StateSize == StateSize, $"{Id}: model.StateSize is {model.StateSize}, the fixture's h_n/c_n hold {StateSize} floats per stream.");
        return model;
    }

    public float[] StreamInputs(int stream) => Gather(Inputs, stream, InputSize);

    public float[] StreamExpectedOutputs(int stream) => Gather(ExpectedOutputs, stream, OutputSize);

    public ReadOnlySpan<float> InitialState(int stream) => InitialStates.AsSpan(stream * StateSize, StateSize);

    public ReadOnlySpan<float> ExpectedFinalState(int stream) => ExpectedFinalStates.AsSpan(stream * StateSize, StateSize);

    private void Read()
    {
        Expect(Metadata("test.case") == System.IO.Path.GetFileName(Id), $"test.case is '{Metadata("test.case")}'");
        bool batchFirst = Flag("test.batch_first");

        int[] inputShape = Shape("test.input", rank: 3);
        (SequenceLength, Batch) = batchFirst ? (inputShape[1], inputShape[0]) : (inputShape[0], inputShape[1]);
        InputSize = inputShape[2];
        Inputs = SequenceMajor("test.input", batchFirst);

        HasHead = File.TryGetTensor("test.head_output", out _);
        string outputName = HasHead ? "test.head_output" : "test.output";
        OutputSize = Shape(outputName, rank: 3)[2];
        ExpectedOutputs = SequenceMajor(outputName, batchFirst);

        int[] hShape = Shape("test.h_n", rank: 3);
        int states = hShape[0];
        Expect(hShape[1] == Batch, $"test.h_n has batch {hShape[1]}, test.input has {Batch}");
        bool lstm = File.TryGetTensor("test.c_n", out _);
        HiddenStateSize = states * hShape[2];
        CellStateSize = lstm ? states * Shape("test.c_n", rank: 3)[2] : 0;

        ExpectedFinalStates = StreamStates("test.h_n", lstm ? "test.c_n" : null);
        InitialStates = Flag("test.has_h0")
            ? StreamStates("test.h0", lstm ? "test.c0" : null)
            : new float[Batch * StateSize];

        Bidirectional = File.Tensors.Any(t => t.Name.EndsWith("_reverse", StringComparison.Ordinal));
        Expect(Bidirectional == ParityCases.IsBidirectional(Id),
            $"the file is {(Bidirectional ? "" : "not ")}bidirectional, ParityCases says otherwise");
        Feedback = Flag("test.feedback");
        Expect(Feedback == ParityCases.IsFeedback(Id), $"test.feedback is {Feedback}, ParityCases says otherwise");
    }

    /// <summary>PyTorch's (layers·dirs, batch, n) h and c tensors as (batch, StateSize).</summary>
    private float[] StreamStates(string hName, string? cName)
    {
        var result = new float[Batch * StateSize];
        CopyIntoStreams(File.ReadFloat32(hName), Shape(hName, rank: 3), result, offset: 0);
        if (cName is not null)
        {
            CopyIntoStreams(File.ReadFloat32(cName), Shape(cName, rank: 3), result, offset: HiddenStateSize);
        }

        return result;
    }

    private void CopyIntoStreams(float[] source, int[] shape, float[] destination, int offset)
    {
        int states = shape[0], size = shape[2];
        for (int index = 0; index < states; index++)
        {
            for (int stream = 0; stream < Batch; stream++)
            {
                source.AsSpan(((index * Batch) + stream) * size, size)
                    .CopyTo(destination.AsSpan((stream * StateSize) + offset + (index * size), size));
            }
        }
    }

    /// <summary>Reads a (seq, batch, n) tensor, swapping the first two axes when the file is batch-first.</summary>
    private float[] SequenceMajor(string name, bool batchFirst)
    {
        float[] data = File.ReadFloat32(name);
        if (!batchFirst)
        {
            return data;
        }

        int[] shape = Shape(name, rank: 3);
        int batch = shape[0], sequence = shape[1], size = shape[2];
        var result = new float[data.Length];
        for (int b = 0; b < batch; b++)
        {
            for (int t = 0; t < sequence; t++)
            {
                data.AsSpan(((b * sequence) + t) * size, size).CopyTo(result.AsSpan(((t * batch) + b) * size, size));
            }
        }

        return result;
    }

    /// <summary>One stream's rows of a (seq, batch, size) array, as (seq, size).</summary>
    public float[] Gather(float[] sequenceMajor, int stream, int size)
    {
        var result = new float[SequenceLength * size];
        for (int t = 0; t < SequenceLength; t++)
        {
            sequenceMajor.AsSpan(((t * Batch) + stream) * size, size).CopyTo(result.AsSpan(t * size, size));
        }

        return result;
    }

    private int[] Shape(string name, int rank)
    {
        int[] shape = File.GetTensor(name).Shape;
        Expect(shape.Length == rank, $"{name} has rank {shape.Length}, expected {rank}");
        return shape;
    }

    private string Metadata(string key)
    {
        Expect(File.Metadata.TryGetValue(key, out string? value), $"metadata key {key} is missing");
        return value!;
    }

    private bool Flag(string key) => Metadata(key) switch
    {
        "true" => true,
        "false" => false,
        var other => throw new InvalidDataException($"{Path}: metadata {key} is '{other}', expected 'true' or 'false'."),
    };

    private void Expect(bool condition, string problem)
    {
        if (!condition)
        {
            throw new InvalidDataException($"Parity fixture '{Id}' ({Path}): {problem}.");
        }
    }
}
