using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using Recurrent.Aot.Generator.Diagnostics;
using Recurrent.Aot.Generator.Helpers;
using Recurrent.Aot.Generator.Model;
using Recurrent.Aot.Generator.Planning;
using Recurrent.Aot.Loading.Rules;

namespace Recurrent.Aot.Generator.Parsing;

/// <summary>Turns a declaration (plus the weights file it names) into a planned model ready to emit, or diagnostics.</summary>
internal static class ModelBuilder
{
    public static ModelResult Build(DeclarationWithFile input, CompilationFacts facts, CancellationToken cancellationToken)
    {
        var request = input.Request;
        var diagnostics = new List<DiagnosticInfo>(request.Diagnostics);
        if (diagnostics.Count > 0)
        {
            return Result(null, diagnostics);
        }
        if (request.Shape is { } shape)
        {
            return Result(new ModelInfo(request.Type, ModelPlanner.Plan(shape), null, facts.HasRuntime), diagnostics);
        }
        var file = request.File!;
        var listed = input.File;
        if (input.Ambiguous.Length > 0)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.WeightsFileAmbiguous, request.Location, file.Path, string.Join(", ", input.Ambiguous.Select(p => "'" + p + "'"))));
            return Result(null, diagnostics);
        }
        if (listed is null)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.WeightsFileNotListed, request.Location, file.Path));
            return Result(null, diagnostics);
        }
        if (listed.Error is not null)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.WeightsFileUnreadable, request.Location, file.Path, listed.Error));
            return Result(null, diagnostics);
        }
        cancellationToken.ThrowIfCancellationRequested();
        byte[] bytes = listed.Bytes.AsSpan().ToArray();
        SafeTensorsReader reader;
        try
        {
            reader = SafeTensorsReader.Parse(bytes);
        }
        catch (ArchitectureException e)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MalformedSafeTensors, request.Location, file.Path, e.Message));
            return Result(null, diagnostics);
        }
        var inferred = ArchitectureInference.Infer(reader, file, request.Location, diagnostics);
        if (inferred is null)
        {
            return Result(null, diagnostics);
        }
        if (EmbeddedSizeLimit.Check(inferred.Plan, file.Path, request.Location) is { } tooLarge)
        {
            diagnostics.Add(tooLarge);
            return Result(null, diagnostics);
        }
        cancellationToken.ThrowIfCancellationRequested();
        // Declared Int8 over an int8 file: the file's q and s as they are. Float32 and BFloat16 start from q · s
        // (the parameters), as RecurrentModel.Load does for the same file and option.
        bool storedInt8 = inferred.StoredInt8.Count > 0 && inferred.Plan.Spec.WeightPrecision == WeightPrecision.Int8;
        byte[] packedBytes = storedInt8
            ? ReducedPrecisionPacker.PackStoredInt8(inferred.Plan, inferred.Parameters, inferred.StoredInt8)
            : WeightPacker.PackBytes(inferred.Plan, inferred.Parameters);
        var weights = new EmbeddedWeights(file.Path, Sha256(bytes), inferred.Module, new EquatableArray<byte>(packedBytes), new EquatableArray<float>(inferred.InitialState ?? Array.Empty<float>()), storedInt8);
        return Result(new ModelInfo(request.Type, inferred.Plan, weights, facts.HasRuntime), diagnostics);
    }

    private static string Sha256(byte[] bytes)
    {
        using var sha = SHA256.Create();
        var sb = new StringBuilder(64);
        foreach (byte b in sha.ComputeHash(bytes))
        {
            sb.Append(b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }

    private static ModelResult Result(ModelInfo? model, List<DiagnosticInfo> diagnostics)
        => new(diagnostics.Any(d => d.Descriptor.DefaultSeverity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error) ? null : model, new EquatableArray<DiagnosticInfo>(diagnostics.ToArray()));
}
