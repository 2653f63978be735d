using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;

namespace Recurrent.Aot.Generator.Tests.Support;

/// <summary>
/// Writes every generated file the harness compiles into the folder named by <c>RECURRENT_AOT_DUMP_GENERATED</c>, so
/// <c>tools/check-emitted-source.sh</c> can compare the emitted source of every test model before and after a change.
/// Does nothing when the variable is unset.
/// </summary>
/// <remarks>
/// A file is named after its hint name and a hash of its text: one file per distinct output, whatever test produced
/// it, so renaming something in a test's own source does not rename the files; a changed output shows up as a file
/// on one side only (the script then shows the two texts of that hint name side by side). Paths that differ between two checkouts or two runs (the test binaries' folder, the
/// temporary folders named with a GUID) are replaced by placeholders.
/// </remarks>
internal static partial class EmittedSourceDump
{
    private static readonly string? Folder = Environment.GetEnvironmentVariable("RECURRENT_AOT_DUMP_GENERATED");

    public static void Write(Compilation compilation)
    {
        if (string.IsNullOrEmpty(Folder))
        {
            return;
        }
        var generated = compilation.SyntaxTrees.Where(IsGenerated).ToList();
        Directory.CreateDirectory(Folder);
        foreach (var tree in generated)
        {
            string text = Normalize(tree.ToString());
            string name = Path.GetFileNameWithoutExtension(Path.GetFileNameWithoutExtension(tree.FilePath));
            string path = Path.Combine(Folder, $"{name}.{Hash(text, 12)}.g.cs");
            if (!File.Exists(path))
            {
                // Tests run in parallel: write aside, then move, so no reader sees half a file.
                string temporary = path + "." + Guid.NewGuid().ToString("N");
                File.WriteAllText(temporary, text);
                File.Move(temporary, path, overwrite: true);
            }
        }
    }

    private static string Normalize(string text)
        => TemporaryFolder().Replace(text.Replace(AppContext.BaseDirectory, "<tests>/", StringComparison.Ordinal).Replace(Path.GetTempPath(), "<temp>/", StringComparison.Ordinal), "-<guid>");

    [GeneratedRegex("-[0-9a-f]{32}(?![0-9a-f])")]
    private static partial Regex TemporaryFolder();

    private static bool IsGenerated(SyntaxTree tree) => tree.FilePath.EndsWith(".g.cs", StringComparison.Ordinal);

    private static string Hash(string text, int length)
        => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..length].ToLowerInvariant();
}
