using System.Globalization;
using System.Text.RegularExpressions;

namespace Recurrent.Aot.Cli.Inspection;

/// <summary>What each tensor of a file is for, read from its PyTorch name (docs/file-format.md).</summary>
internal static partial class TensorRoles
{
    /// <summary>The role of <paramref name="name"/> in the chosen module or head, or null when the model does not use it.</summary>
    public static string? Describe(string name, string modulePrefix, string? headPrefix)
    {
        if (name.EndsWith(ScaleSuffix, StringComparison.Ordinal)
            && Describe(name[..^ScaleSuffix.Length], modulePrefix, headPrefix) is { } weight)
        {
            return ScaleRolePrefix + weight;
        }

        if (headPrefix is not null)
        {
            if (name == headPrefix + "weight")
            {
                return "head weights";
            }

            if (name == headPrefix + "bias")
            {
                return "head bias";
            }
        }

        if (!name.StartsWith(modulePrefix, StringComparison.Ordinal))
        {
            return null;
        }

        Match match = RecurrentName().Match(name[modulePrefix.Length..]);
        if (!match.Success)
        {
            return null;
        }

        string role = match.Groups["kind"].Value switch
        {
            "weight_ih" => "input weights",
            "weight_hh" => "recurrent weights",
            "bias_ih" => "input bias",
            "bias_hh" => "recurrent bias",
            "weight_hr" => "projection",
            "initial_h" => "learned initial h",
            "initial_c" => "learned initial c",
            _ => "peepholes (i, f, o)",
        };
        if (match.Groups["layer"].Success)
        {
            role += string.Create(CultureInfo.InvariantCulture, $", layer {int.Parse(match.Groups["layer"].Value, CultureInfo.InvariantCulture)}");
        }

        return match.Groups["reverse"].Success ? role + ", reverse" : role;
    }

    /// <summary>Whether a role from <see cref="Describe"/> is an int8 weight's scales.</summary>
    public static bool IsScale(string role) => role.StartsWith(ScaleRolePrefix, StringComparison.Ordinal);

    private const string ScaleSuffix = "_scale";
    private const string ScaleRolePrefix = "int8 row scales of ";

    [GeneratedRegex(@"^(?<kind>weight_ih|weight_hh|bias_ih|bias_hh|weight_hr|weight_ph|initial_h|initial_c)(_l(?<layer>[0-9]+))?(?<reverse>_reverse)?$", RegexOptions.CultureInvariant)]
    private static partial Regex RecurrentName();
}
