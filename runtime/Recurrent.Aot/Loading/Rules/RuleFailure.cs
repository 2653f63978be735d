using System;

namespace Recurrent.Aot.Loading.Rules;

/// <summary>
/// The exception a broken rule throws: the runtime's <c>WeightsFormatException</c>, and in the generator (which
/// reports diagnostics instead) an <c>ArchitectureException</c> that says whether the file contradicts itself
/// or the declaration.
/// </summary>
internal static class RuleFailure
{
    /// <summary>The file is not a model the rules accept (a missing or misshapen tensor, a bad metadata value).</summary>
    public static Exception Malformed(string message) =>
#if NETSTANDARD2_0
        new ArchitectureException(message, contradictsDeclaration: false);
#else
        new IO.WeightsFormatException(message);
#endif

    /// <summary>The file is a valid model, but not the one the caller declared or asked for.</summary>
    public static Exception Mismatch(string message) =>
#if NETSTANDARD2_0
        new ArchitectureException(message, contradictsDeclaration: true);
#else
        new IO.WeightsFormatException(message);
#endif
}

#if NETSTANDARD2_0
/// <summary>A broken architecture rule, as the generator sees it.</summary>
internal sealed class ArchitectureException : Exception
{
    public ArchitectureException(string message, bool contradictsDeclaration)
        : base(message)
    {
        ContradictsDeclaration = contradictsDeclaration;
    }

    /// <summary>True when the file disagrees with what the declaration asks for, false when it is malformed in itself.</summary>
    public bool ContradictsDeclaration { get; }
}
#endif
