#!/usr/bin/env bash
# Proves that a change leaves the generator's output alone: emits the source of every model the repository compiles,
# at BASE_REV and in the working tree, and compares the two.
#
#   tools/check-emitted-source.sh BASE_REV [WORK_FOLDER]
#
# The models: every project of the solution that runs the generator (samples, benchmarks, test projects; built with
# EmitCompilerGeneratedFiles), tests/package-consumer (compiled against the projects instead of the package, so no
# pack is needed), and every model the generator tests compile in memory (snapshot and compile-and-run harness
# models, written by the tests' EmittedSourceDump when RECURRENT_AOT_DUMP_GENERATED is set). BASE_REV must already
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
  echo "== $src: generator tests (in-memory models)"
  RECURRENT_AOT_DUMP_GENERATED="$out/emitted/harness" dotnet test "$src/tests/Recurrent.Aot.Generator.Tests" -c Release --no-build >"$out/test.log" 2>&1 \
    || echo "generator tests failed (see $out/test.log); comparing what they emitted" >&2
}

rm -rf "$work/base-src"
mkdir -p "$work/base-src" "$work/base" "$work/head"
git -C "$repo" archive "$base_rev" | tar -x -C "$work/base-src"
emit "$work/base-src" "$work/base"
emit "$repo" "$work/head"

echo "== files: base $(find "$work/base/emitted" -type f | wc -l), head $(find "$work/head/emitted" -type f | wc -l)"
if diff -r "$work/base/emitted" "$work/head/emitted" >"$work/emitted.diff"; then
  echo "identical: every emitted file"
else
  cat "$work/emitted.diff"
  echo "DIFFERENT (above; also $work/emitted.diff)"
  exit 1
fi
