#!/usr/bin/env bash
# Proves that a change leaves the generator's output alone: emits the source of every model the repository compiles,
# at BASE_REV and in the working tree, and compares the two.
#
#   tools/check-emitted-source.sh BASE_REV [WORK_FOLDER]
#
# The models: every project of the solution that runs the generator (samples, benchmarks, test projects; built with
# EmitCompilerGeneratedFiles), tests/package-consumer (compiled against the projects instead of the package, so no
# pack is needed), and every model the generator, end-to-end and interop tests compile in memory (snapshot and
# compile-and-run harness models, written by the tests' EmittedSourceDump when RECURRENT_AOT_DUMP_GENERATED is set;
# named by hint name and content hash, so an output that changed is a file on one side only, shown paired below). BASE_REV must already
# have that dump (it came with this script). Exits 0 when every emitted file is identical, 1 otherwise (diff printed).
set -euo pipefail
[ $# -ge 1 ] || { echo "usage: $0 BASE_REV [WORK_FOLDER]" >&2; exit 2; }
base_rev=$1
repo=$(git rev-parse --show-toplevel)
work=${2:-$(mktemp -d)}
mkdir -p "$work"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

# package_consumer SRC OUT: the two package-consumer compilations, referencing the runtime and the generator projects.
package_consumer() {
  local src=$1 out=$2 proj
  for proj in Models App; do
    local dir="$out/package-consumer-build/$proj"
    mkdir -p "$dir"
    local extra=""
    [ "$proj" = App ] && extra="<ProjectReference Include=\"../Models/Models.csproj\" /><AdditionalFiles Include=\"$src/samples/models/example-lstm.safetensors\" Link=\"models/example-lstm.safetensors\" />"
    cat > "$dir/$proj.csproj" <<PROJ
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <OutputType>$([ "$proj" = App ] && echo Exe || echo Library)</OutputType>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
    <AllowUnsafeBlocks>true</AllowUnsafeBlocks>
    <AssemblyName>$([ "$proj" = App ] && echo PackageConsumer || echo PackageConsumer.Models)</AssemblyName>
    <EmitCompilerGeneratedFiles>true</EmitCompilerGeneratedFiles>
    <CompilerGeneratedFilesOutputPath>\$(MSBuildThisFileDirectory)generated</CompilerGeneratedFilesOutputPath>
  </PropertyGroup>
  <ItemGroup>
    <Compile Include="$src/tests/package-consumer/$proj/*.cs" />
    <ProjectReference Include="$src/runtime/Recurrent.Aot/Recurrent.Aot.csproj" />
    <ProjectReference Include="$src/generator/Recurrent.Aot.Generator/Recurrent.Aot.Generator.csproj" OutputItemType="Analyzer" ReferenceOutputAssembly="false" />
    $extra
  </ItemGroup>
</Project>
PROJ
  done
  dotnet build "$out/package-consumer-build/App/App.csproj" -c Release -p:TreatWarningsAsErrors=false >"$out/package-consumer.log" 2>&1 \
    || { echo "package-consumer build failed: $out/package-consumer.log" >&2; return 1; }
  mkdir -p "$out/emitted/package-consumer"
  (cd "$out/package-consumer-build" && find . -path '*/generated/*' -name '*.g.cs' -exec cp --parents {} "$out/emitted/package-consumer/" \;)
}

# emit SRC OUT: writes every emitted file of the tree SRC under OUT/emitted.
emit() {
  local src=$1 out=$2
  rm -rf "$out/emitted"
  mkdir -p "$out/emitted"
  echo "== $src: building the solution (rebuild, emitting generated files)"
  dotnet build "$src/Recurrent.Aot.sln" -c Release --no-incremental -p:EmitCompilerGeneratedFiles=true >"$out/build.log" 2>&1 \
    || { echo "build failed: $out/build.log" >&2; return 1; }
  (cd "$src" && find . -path '*/obj/*' -path '*/generated/*' -name '*.g.cs' -exec cp --parents {} "$out/emitted/" \;)
  echo "== $src: tests/package-consumer"
  package_consumer "$src" "$out"
  local tests
  for tests in Generator EndToEnd Interop; do
    echo "== $src: $tests tests (in-memory models)"
    RECURRENT_AOT_DUMP_GENERATED="$out/emitted/harness" dotnet test "$src/tests/Recurrent.Aot.$tests.Tests" -c Release --no-build >"$out/$tests-tests.log" 2>&1 \
      || echo "$tests tests failed (see $out/$tests-tests.log); comparing what they emitted" >&2
  done
}

# The base side is emitted once per WORK_FOLDER and revision; set BASE_ONLY=1 to stop after it (emit it ahead).
base_commit=$(git -C "$repo" rev-parse "$base_rev^{commit}")
if [ "$(cat "$work/base/revision" 2>/dev/null)" != "$base_commit" ]; then
  rm -rf "$work/base-src" "$work/base"
  mkdir -p "$work/base-src" "$work/base"
  git -C "$repo" archive "$base_commit" | tar -x -C "$work/base-src"
  emit "$work/base-src" "$work/base"
  echo "$base_commit" >"$work/base/revision"
fi
[ "${BASE_ONLY:-0}" = 1 ] && { echo "base emitted: $work/base/emitted"; exit 0; }
mkdir -p "$work/head"
emit "$repo" "$work/head"

echo "== files: base $(find "$work/base/emitted" -type f | wc -l), head $(find "$work/head/emitted" -type f | wc -l)"
if diff -r "$work/base/emitted" "$work/head/emitted" >"$work/emitted.diff"; then
  echo "identical: every emitted file"
else
  cat "$work/emitted.diff"
  # A harness file that changed is only on one side: pair it with the other side's files of the same hint name.
  for only in $(cd "$work/head/emitted/harness" 2>/dev/null && ls | sort); do
    [ -f "$work/base/emitted/harness/$only" ] && continue
    hint=${only%.*.g.cs}
    for before in "$work/base/emitted/harness/$hint".*.g.cs; do
      [ -f "$before" ] && [ ! -f "$work/head/emitted/harness/$(basename "$before")" ] && diff -u "$before" "$work/head/emitted/harness/$only" | head -40
    done
  done
  echo "DIFFERENT (above; also $work/emitted.diff)"
  exit 1
fi
