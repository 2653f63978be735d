using System;
using System.IO;
using Microsoft.CodeAnalysis;
using Recurrent.Aot.Generator.Helpers;
using Recurrent.Aot.Generator.Model;

namespace Recurrent.Aot.Generator.Parsing;

/// <summary>Reads a listed .safetensors file's bytes.</summary>
internal static class WeightsFileReader
{
    public static bool IsWeightsFile(AdditionalText text) => text.Path.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase);

    /// <remarks>
    /// Roslyn exposes AdditionalFiles only as decoded text, which would corrupt binary data, so the
    /// bytes are read from the listed path. Only files the project lists are read, and each read is
    /// keyed on that AdditionalText, so the step reruns when the build sees the file change.
    /// </remarks>
    public static WeightsFile Read(AdditionalText text)
    {
        try
        {
#pragma warning disable RS1035 // Binary AdditionalFiles have no Roslyn API; see remarks.
            byte[] bytes = File.ReadAllBytes(text.Path);
#pragma warning restore RS1035
            return new WeightsFile(text.Path, new EquatableArray<byte>(bytes), null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            return new WeightsFile(text.Path, EquatableArray<byte>.Empty, e.Message);
        }
    }
}
