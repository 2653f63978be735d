#!/usr/bin/env bash
# Runs the benchmark suites with job settings sized for a small shared machine (2 cores): one launch,
# in-process (no extra build per run), 3 warm-up and 10 measured iterations of 250 ms each.
#
#   benchmarks/run.sh runtime     per-step latency of the runtime's LSTM/GRU cells vs the scalar baseline
#   benchmarks/run.sh precision   per-step latency of the runtime's LSTM/GRU cells with float32, bfloat16 and int8
#                                 weights at (32, 128) and (64, 256), and of the generated shape-only models declared
#                                 with each WeightPrecision beside the runtime cell of the same precision
#   benchmarks/run.sh panelwalk   the LSTM panel walk alone per weight format and widening (float32, bfloat16 widened
#                                 per vector, bfloat16 in column pairs, int8) at L2-, past-L2- and L3-sized panels
#   benchmarks/run.sh generator   generated models vs runtime cell vs scalar, with the machine's ceilings
#                                 (FMA peak, streaming bandwidth) in the same run and summary (--join)
#   benchmarks/run.sh batch       generated StepBatch over 8 and 4 streams vs a call of Step per stream (time per
#                                 stream-step, GFLOP/s), with the FMA peak in the same run (--join)
#   benchmarks/run.sh batch-runtime  the runtime's RecurrentModel.StepBatch over 8 streams vs 8 calls of Step, LSTM/GRU
#                                 at (32, 128) and (64, 256): time per stream-step, aggregate GFLOP/s and its share of
#                                 the FMA peak measured in the same run and summary (--join)
#   benchmarks/run.sh sequence    64-step sequences from the zero state: 64 calls of the generated Step vs the
#                                 generated Run vs the runtime's RecurrentModel.Run (time per step)
#   benchmarks/run.sh ceilings    the ceilings alone
#   benchmarks/run.sh latency     median/p99/p99.9/max of 10,000 consecutive timed steps per model, 5 runs each,
#                                 each run next to a control of the same length that cannot stall (jitter check)
#   benchmarks/run.sh anchors     the project next to its anchors, one sitting: ONNX Runtime (in process, same
#                                 weights: streamed steps and a 1,000-step sequence) and RTNeural (the C++ anchor,
#                                 run before and after the suite when RTNEURAL_BUILD names a folder holding its
#                                 harness's four builds: xsimd-native, xsimd-avx2, eigen-native, eigen-avx2); prints
#                                 the side-by-side table with ratios (anchors/anchors.md)
#   benchmarks/run.sh cores       one read-only model stepped by 1 thread, then by 2 threads (each on 4 streams of its
#                                 own, pinned to CPU 0 and 1, barrier start): steps/s and the ratio, runtime cell and
#                                 generated Step, LSTM/GRU (8, 32), (32, 128), (64, 256); a console mode, ~2 minutes
#                                 (options: --seconds, --rounds, --threads, --streams)
#   benchmarks/run.sh all         all of the above except anchors and cores, in that order
#
# Extra arguments go to BenchmarkDotNet (or to the latency mode), e.g. `benchmarks/run.sh runtime --job dry`
# for a smoke test. BenchmarkDotNet takes one --filter, so a --filter among them replaces the suite's own:
# keep the class in the glob, e.g. `benchmarks/run.sh sequence --filter '*GeneratedSequenceBenchmarks*x256x2*'`
# for the 2-layer models only ('*x2*' would also match the one-layer 64x256 ones).
# BENCH_JOB replaces the default job options; BENCH_BUILD_DIR moves the build output.
# Markdown, CSV and HTML tables land in benchmarks/BenchmarkDotNet.Artifacts/<suite>/results/.
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
suite="${1:-all}"
if [ $# -gt 0 ]; then shift; fi

build_dir="${BENCH_BUILD_DIR:-$repo/artifacts/benchmarks}"
results="$repo/benchmarks/BenchmarkDotNet.Artifacts"
read -r -a job <<< "${BENCH_JOB:---launchCount 1 --warmupCount 3 --iterationCount 10 --iterationTime 250}"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build "$repo/benchmarks/Recurrent.Aot.Benchmarks" -c Release --artifacts-path "$build_dir" -v quiet
dll="$build_dir/bin/Recurrent.Aot.Benchmarks/release/Recurrent.Aot.Benchmarks.dll"

# bench NAME BENCHMARKDOTNET-ARGS...
bench() {
  local name=$1; shift
  dotnet "$dll" --inProcess "${job[@]}" --artifacts "$results/$name" "$@"
}

# has_filter ARGS...: whether the caller brought its own --filter.
has_filter() {
  local arg
  for arg in "$@"; do
    case $arg in -f|--filter|--filter=*) return 0 ;; esac
  done
  return 1
}

# rtneural_round FILE: one run of each RTNeural build (when RTNEURAL_BUILD is set), lines prefixed with the build.
rtneural_round() {
  [ -n "${RTNEURAL_BUILD:-}" ] || return 0
  local build
  for build in xsimd-native xsimd-avx2 eigen-native eigen-avx2; do
    if [ -x "$RTNEURAL_BUILD/$build" ]; then "$RTNEURAL_BUILD/$build" | sed "s/^/$build /" >> "$1"; fi
  done
}

run_suite() {
  local name=$1; shift
  local globs=() join=(--join)
  case $name in
    runtime)   globs=('*RuntimeStepBenchmarks*'); join=() ;;
    precision) globs=('*RuntimePrecisionBenchmarks*' '*GeneratedPrecisionBenchmarks*'); join=() ;;
    panelwalk) globs=('*PanelWalkBenchmarks*'); join=() ;;
    generator) globs=('*GeneratedStepBenchmarks*' '*GeneratedFastStepBenchmarks*' '*CeilingBenchmarks*') ;;
    batch)     globs=('*GeneratedBatchBenchmarks*' '*FmaCeilingBenchmarks*') ;;
    batch-runtime) globs=('*RuntimeBatchBenchmarks*' '*FmaCeilingBenchmarks*') ;;
    sequence)  globs=('*GeneratedSequenceBenchmarks*') ;;
    ceilings)  globs=('*CeilingBenchmarks*') ;;
    anchors)
      mkdir -p "$results/anchors"
      local rtneural="$results/anchors/rtneural.txt"
      : > "$rtneural"
      if [ -z "${RTNEURAL_BUILD:-}" ]; then echo "run.sh: RTNEURAL_BUILD is not set; the table's RTNeural column stays empty." >&2; fi
      rtneural_round "$rtneural"
      local anchor_filter=(--filter '*AnchorBenchmarks*')
      if has_filter "$@"; then anchor_filter=(); fi
      bench anchors --join "${anchor_filter[@]}" "$@"
      rtneural_round "$rtneural"
      local medians
      medians=$(ls -t "$results/anchors/results/"*-medians.tsv | head -1)
      dotnet "$dll" anchor-table "$medians" "$rtneural" "$results/anchors/anchors.md"
      return ;;
    cores)
      mkdir -p "$results/cores"
      dotnet "$dll" cores "$@" | tee "$results/cores/cores.md"
      return ;;
    latency)
      mkdir -p "$results/latency"
      # The timing thread pins itself to one CPU and switches itself to SCHED_FIFO for each timed run
      # (Latency/TimedRun.cs). Doing it per thread, not with chrt/taskset on the whole process, keeps the
      # runtime's own threads (tiered compilation) at normal priority on the other CPU instead of
      # starving them behind a spinning real-time thread. Probe the permission here to say so up front.
      local realtime=on
      if ! command -v chrt >/dev/null 2>&1 || ! chrt -f 50 true 2>/dev/null; then
        echo "run.sh: real-time scheduling (SCHED_FIFO) is not permitted here; the steps are timed at normal priority." >&2
        realtime=off
      fi
      dotnet "$dll" latency --realtime "$realtime" "$@" | tee "$results/latency/latency.md"
      return ;;
    *) echo "unknown suite '$name': expected runtime, precision, panelwalk, generator, batch, batch-runtime, sequence, ceilings, latency, cores, anchors or all" >&2; exit 2 ;;
  esac
  local filter=(--filter "${globs[@]}")
  if has_filter "$@"; then filter=(); fi
  bench "$name" "${join[@]}" "${filter[@]}" "$@"
}

if [ "$suite" = all ]; then
  # Extra arguments are BenchmarkDotNet's, so the latency mode runs with its defaults.
  run_suite runtime "$@"
  run_suite precision "$@"
  run_suite panelwalk "$@"
  run_suite generator "$@"
  run_suite batch "$@"
  run_suite batch-runtime "$@"
  run_suite sequence "$@"
  run_suite latency
else
  run_suite "$suite" "$@"
fi
