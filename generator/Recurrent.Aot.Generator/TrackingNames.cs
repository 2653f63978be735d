namespace Recurrent.Aot.Generator;

/// <summary>Names of the tracked pipeline steps; tests use them to prove that steps stay cached.</summary>
public static class TrackingNames
{
    public const string LstmDeclarations = nameof(LstmDeclarations);
    public const string GruDeclarations = nameof(GruDeclarations);
    public const string RnnDeclarations = nameof(RnnDeclarations);
    public const string FileDeclarations = nameof(FileDeclarations);
    public const string WeightsFiles = nameof(WeightsFiles);
    public const string ProjectFolder = nameof(ProjectFolder);
    public const string DeclarationsWithFiles = nameof(DeclarationsWithFiles);
    public const string CompilationFacts = nameof(CompilationFacts);
    public const string LanguageSupport = nameof(LanguageSupport);
    public const string Models = nameof(Models);
    public const string Sources = nameof(Sources);
}
