namespace Recurrent.Aot.Generator.Parsing;

// The enums of the attributes users write (Emit/AttributesSource.cs emits them into their compilation). The
// compiler hands their values to the generator as plain numbers; these copies give those numbers their names, so
// the parser maps names, not numbers. AttributeEnumTests checks that every copy matches the emitted enum.

/// <summary>The attribute's <c>RecurrentCellKind</c>.</summary>
internal enum RecurrentCellKind
{
    Default = 0,
    Lstm,
    Gru,
    Rnn,
}

/// <summary>The attribute's <c>RecurrentActivation</c>.</summary>
internal enum RecurrentActivation
{
    Default = 0,
    Sigmoid,
    HardSigmoid,
    Tanh,
    Relu,
}

/// <summary>The attribute's <c>GruResetConvention</c>.</summary>
internal enum GruResetConvention
{
    Default = 0,
    AfterMatmul,
    BeforeMatmul,
}

/// <summary>The attribute's <c>HeadOutputActivation</c>.</summary>
internal enum HeadOutputActivation
{
    Default = 0,
    None,
    Sigmoid,
    Softmax,
}
