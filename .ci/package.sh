#!/usr/bin/env bash
# CI stage: the packages as users get them. Packs Recurrent.Aot (runtime + generator) and the Recurrent.Aot.Cli tool
# into a folder feed, checks what is inside, then builds tests/package-consumer (a library declaring a shape-only
# model and an app declaring an embedded one, both with a PackageReference, not a ProjectReference) from that feed
# with an isolated NuGet config and a clean packages folder, so a stale cache cannot hide a broken package, and
# every other package still comes from the usual sources. The app is published with NativeAOT (zero warnings) for
# linux-x64 on net10.0 and net9.0 and for linux-arm64 (run under qemu), and each binary must end with OK. Last, the
# tool is installed from the feed with `dotnet tool install --tool-path` and `recurrent inspect` must describe the
# example model. Each check counts as one test.
# .ci/run sources this file (it adds pkg_passed/pkg_failed to its total); run alone, `bash .ci/package.sh` prints its
# own "N passed, N failed".
pkg_standalone=0
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  pkg_standalone=1
  set -uo pipefail
  cd "$(dirname "$0")/.."
  export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
  results="$PWD/TestResults/ci-package"
fi

pkg_passed=0; pkg_failed=0
pkg_pass() { pkg_passed=$((pkg_passed + 1)); echo "passed: $1"; }
pkg_fail() { pkg_failed=$((pkg_failed + 1)); echo "FAILED: $1"; }
# pkg_warnings LOG: the distinct MSBuild/compiler/NuGet warnings of a log (none is allowed).
pkg_warnings() { grep -oE 'warning [A-Z]+[0-9]+:.*' "$1" | sort -u; }

pkg_dir="$results/package"
feed="$pkg_dir/feed"
rm -rf "$pkg_dir"
mkdir -p "$feed"
version=$(sed -n 's:.*<VersionPrefix>\(.*\)</VersionPrefix>.*:\1:p' Directory.Build.props | head -1)
# unzip reads the packages; clang links NativeAOT binaries; the aarch64 libc and qemu run the ARM64 one
# (.ci/run installs the last three before its NativeAOT stages already).
if ! command -v unzip >/dev/null 2>&1 || ! command -v clang >/dev/null 2>&1 || ! command -v qemu-aarch64-static >/dev/null 2>&1 || [ ! -d /usr/aarch64-linux-gnu/lib ]; then
  apt-get update -qq >/dev/null 2>&1
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq unzip clang zlib1g-dev gcc-aarch64-linux-gnu qemu-user-static >/dev/null 2>&1
fi
pkg_clock=$(date +%s)

# 1. Pack both packages (each builds what it needs). A pack warning (NU5xxx) fails like a build warning.
echo "=== pack Recurrent.Aot $version and Recurrent.Aot.Cli into $feed"
packed=1
for project in runtime/Recurrent.Aot tools/Recurrent.Aot.Cli; do
  log="$pkg_dir/pack-$(basename "$project").log"
  if ! dotnet pack "$project" -c Release -o "$feed" > "$log" 2>&1; then
    echo "dotnet pack $project failed:"; grep -E 'error' "$log" | sort -u | head -20; packed=0
  elif [ -n "$(pkg_warnings "$log")" ]; then
    echo "dotnet pack $project warned:"; pkg_warnings "$log" | head -20; packed=0
  fi
done
[ $packed = 1 ] && pkg_pass "pack" || pkg_fail "pack"

# 2. What is inside: the runtime for both targets, the generator as an analyzer, README, MIT, repository, symbols,
#    and no package dependencies (the runtime has none; the generator's Roslyn must not leak). The tool is a
#    DotnetTool package with the command for net10.0.
runtime_nupkg="$feed/Recurrent.Aot.$version.nupkg"; tool_nupkg="$feed/Recurrent.Aot.Cli.$version.nupkg"
contents_problems=()
if [ -f "$runtime_nupkg" ] && [ -f "$tool_nupkg" ]; then
  runtime_files=$(unzip -Z1 "$runtime_nupkg"); runtime_nuspec=$(unzip -p "$runtime_nupkg" Recurrent.Aot.nuspec)
  for f in analyzers/dotnet/cs/Recurrent.Aot.Generator.dll lib/net9.0/Recurrent.Aot.dll lib/net10.0/Recurrent.Aot.dll lib/net10.0/Recurrent.Aot.xml README.md; do
    grep -qx "$f" <<< "$runtime_files" || contents_problems+=("Recurrent.Aot lacks $f")
  done
  grep -q 'Microsoft.CodeAnalysis' <<< "$runtime_files" && contents_problems+=("Recurrent.Aot carries Roslyn assemblies")
  grep -q '<dependency ' <<< "$runtime_nuspec" && contents_problems+=("Recurrent.Aot has package dependencies: $(grep -o '<dependency [^>]*>' <<< "$runtime_nuspec" | tr '\n' ' ')")
  tool_files=$(unzip -Z1 "$tool_nupkg"); tool_nuspec=$(unzip -p "$tool_nupkg" Recurrent.Aot.Cli.nuspec)
  grep -qx 'tools/net10.0/any/recurrent.dll' <<< "$tool_files" || contents_problems+=("Recurrent.Aot.Cli lacks tools/net10.0/any/recurrent.dll")
  grep -q '<packageType name="DotnetTool"' <<< "$tool_nuspec" || contents_problems+=("Recurrent.Aot.Cli is not a DotnetTool package")
  for nuspec_name in Recurrent.Aot Recurrent.Aot.Cli; do
    nuspec=$runtime_nuspec; [ $nuspec_name = Recurrent.Aot.Cli ] && nuspec=$tool_nuspec
    grep -q '<license type="expression">MIT</license>' <<< "$nuspec" || contents_problems+=("$nuspec_name has no MIT license expression")
    grep -q '<readme>README.md</readme>' <<< "$nuspec" || contents_problems+=("$nuspec_name has no README")
    grep -q '<repository type="git"[^>]* commit="[0-9a-f]\{40\}"' <<< "$nuspec" || contents_problems+=("$nuspec_name has no repository type and commit")
    grep -q "<version>$version</version>" <<< "$nuspec" || contents_problems+=("$nuspec_name is not version $version")
    symbols="$feed/$nuspec_name.$version.snupkg"
    # The listing is read whole before grep looks at it: `unzip | grep -q` under pipefail fails at random when grep
    # stops at the first match and unzip dies of SIGPIPE.
    symbol_files=$([ -f "$symbols" ] && unzip -Z1 "$symbols")
    grep -q '\.pdb$' <<< "$symbol_files" || contents_problems+=("$nuspec_name has no symbols package with PDBs")
  done
else
  contents_problems+=("a package is missing from the feed: $(ls "$feed" | tr '\n' ' ')")
fi
if [ ${#contents_problems[@]} = 0 ]; then pkg_pass "package contents"; else printf '  %s\n' "${contents_problems[@]}"; pkg_fail "package contents"; fi

# 3. An isolated NuGet config: Recurrent.Aot* only from the feed (package source mapping), everything else from
#    the sources this machine normally uses; a clean packages folder for the consumer and the tool.
config="$pkg_dir/NuGet.config"
{
  echo '<?xml version="1.0" encoding="utf-8"?>'
  echo '<configuration>'
  echo '  <packageSources>'
  echo '    <clear />'
  echo "    <add key=\"recurrent-feed\" value=\"$feed\" />"
  i=0
  while read -r source; do i=$((i + 1)); echo "    <add key=\"source$i\" value=\"$source\" />"; done < <(dotnet nuget list source --format short | awk '$1 ~ /^E/ {print $2}')
  echo '  </packageSources>'
  echo '  <packageSourceMapping>'
  echo '    <packageSource key="recurrent-feed"><package pattern="Recurrent.Aot" /><package pattern="Recurrent.Aot.*" /></packageSource>'
  for j in $(seq 1 $i); do echo "    <packageSource key=\"source$j\"><package pattern=\"*\" /></packageSource>"; done
  echo '  </packageSourceMapping>'
  echo '</configuration>'
} > "$config"
export NUGET_PACKAGES="$pkg_dir/packages"
rm -rf tests/package-consumer/App/bin tests/package-consumer/App/obj tests/package-consumer/Models/bin tests/package-consumer/Models/obj

# 4. The consumer: publish (NativeAOT, zero warnings; a CS0436 clash between the two projects' generated types would
#    be a warning), run, OK required. LABEL TFM RID
consumer_publish() {
  local label=$1 tfm=$2 rid=$3 out="$pkg_dir/consumer-$1" log="$pkg_dir/consumer-$1-publish.log" run_log="$pkg_dir/consumer-$1-run.log"
  echo "=== package consumer: NativeAOT publish $tfm $rid"
  if ! dotnet publish tests/package-consumer/App -c Release -f "$tfm" -r "$rid" -o "$out" --configfile "$config" \
      -p:RecurrentAotVersion="$version" > "$log" 2>&1; then
    echo "publish failed:"; grep -E 'error' "$log" | sort -u | head -20; pkg_fail "package consumer $label"; return
  fi
  if [ -n "$(pkg_warnings "$log")" ]; then
    echo "publish warned:"; pkg_warnings "$log" | head -20; pkg_fail "package consumer $label"; return
  fi
  if [ "${rid#*-}" = arm64 ]; then
    QEMU_LD_PREFIX=/usr/aarch64-linux-gnu timeout 600 qemu-aarch64-static "$out/PackageConsumer" > "$run_log" 2>&1
  else
    timeout 600 "$out/PackageConsumer" > "$run_log" 2>&1
  fi
  grep -E '^(CPU|embedded|shape-only|bytes)' "$run_log"
  local expected_cpu='^CPU: X64, AdvSimd False, Avx2 True;'
  [ "${rid#*-}" = arm64 ] && expected_cpu='^CPU: Arm64, AdvSimd True,'
  if tail -1 "$run_log" | grep -qx OK && grep -qE "$expected_cpu" "$run_log"; then
    pkg_pass "package consumer $label"
  else
    echo "did not end with OK on the expected instruction set ($expected_cpu):"; tail -5 "$run_log"; pkg_fail "package consumer $label"
  fi
}
consumer_publish net10.0-linux-x64 net10.0 linux-x64
# The one .NET 9 NativeAOT check while the runtime still targets net9.0 (its lib/net9.0, ILCompiler 9, x86-x64-v3).
consumer_publish net9.0-linux-x64 net9.0 linux-x64
consumer_publish net10.0-linux-arm64 net10.0 linux-arm64

# 5. The tool from the same feed, into a folder, and `recurrent inspect` on the example model.
tool_dir="$pkg_dir/tool"
echo "=== dotnet tool install Recurrent.Aot.Cli $version; recurrent inspect samples/models/example-lstm.safetensors"
if dotnet tool install --tool-path "$tool_dir" --configfile "$config" Recurrent.Aot.Cli --version "$version" > "$pkg_dir/tool-install.log" 2>&1; then
  "$tool_dir/recurrent" inspect samples/models/example-lstm.safetensors > "$pkg_dir/tool-inspect.log" 2>&1
  rc=$?
  inspect_problems=()
  [ $rc = 0 ] || inspect_problems+=("exit code $rc")
  for pattern in '^kind +LSTM' '^input size +4' '^hidden size +16' '^layers +2' '^head +fc: linear 16 -> 1' '^parameters +3,601' 'lstm\.weight_ih_l1'; do
    grep -qE "$pattern" "$pkg_dir/tool-inspect.log" || inspect_problems+=("no line matching '$pattern'")
  done
  if [ ${#inspect_problems[@]} = 0 ]; then
    grep -E '^(kind|layers|parameters)' "$pkg_dir/tool-inspect.log"; pkg_pass "tool install and inspect"
  else
    printf '  %s\n' "${inspect_problems[@]}"; head -20 "$pkg_dir/tool-inspect.log"; pkg_fail "tool install and inspect"
  fi
else
  echo "dotnet tool install failed:"; tail -5 "$pkg_dir/tool-install.log"; pkg_fail "tool install and inspect"
fi
unset NUGET_PACKAGES
echo "package stage: $pkg_passed of $((pkg_passed + pkg_failed)) checks passed in $(( $(date +%s) - pkg_clock )) s"

if [ $pkg_standalone = 1 ]; then
  echo "$pkg_passed passed, $pkg_failed failed"
  [ "$pkg_failed" = 0 ]
fi
