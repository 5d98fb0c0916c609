#!/usr/bin/env bash
# Builds the benchmark jar, runs the full JMH suite and the memory measurements, and writes
# BENCHMARKS.md at the repository root from the results.
#
# Usage: benchmarks/run.sh [JMH options]
#   With no options the main JMH run uses: -f 1 -wi 3 -i 5 -w 1s -r 1s
#   Any options given replace those defaults, for example: run.sh -f 1 -wi 1 -i 2 PingPong
# Environment:
#   JAVA_HOME       the JDK to build and run with (default: java and mvn as found on PATH)
#   SKIP_BUILD      set to 1 to reuse benchmarks/target/benchmarks.jar
#   PLATFORM_PAIRS  pairs for the extra ManyPairsBenchmark run on platform threads, JDK 21+
#                   only (default 1000; 0 skips it)
#   PLATFORM_PAIRS_OPTIONS  JMH options of that run (default: -f 1 -wi 1 -i 2 -w 1s -r 1s; its
#                   invocations take seconds each, because every hand-off parks an OS thread)
# Output, per JDK feature version N, in benchmarks/results/:
#   jmh-jdkN.json, jmh-platform-pairs-jdkN.json  JMH results
#   memory-jdkN.json                             MemoryFootprint results
#   run-jdkN.json                                machine, JDK, commands and duration
#   ratios-jdkN.svg                              the chart linked from BENCHMARKS.md
#   jmh-jdkN.log, jmh-platform-pairs-jdkN.log    JMH's console output (not committed)
# On JDK 17-20 the virtual-thread cells are left out with -p threads=platform.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
jar="$here/target/benchmarks.jar"
results="$here/results"
platform_pairs="${PLATFORM_PAIRS:-1000}"
read -r -a platform_pairs_options <<< "${PLATFORM_PAIRS_OPTIONS:--f 1 -wi 1 -i 2 -w 1s -r 1s}"

if [ $# -gt 0 ]; then
    jmh_options=("$@")
else
    jmh_options=(-f 1 -wi 3 -i 5 -w 1s -r 1s)
fi

started_at=$(date -u +%Y-%m-%dT%H:%M:%SZ)
started=$SECONDS
load_start=$(cut -d' ' -f1-3 /proc/loadavg)

if [ "${SKIP_BUILD:-0}" != 1 ]; then
    echo "run: building $jar"
    (cd "$root" && mvn -B -ntp -q -pl benchmarks -am package -Dmaven.test.skip=true)
fi

if [ ! -f "$jar" ]; then
    echo "run: $jar not found; run without SKIP_BUILD=1 to build it" >&2
    exit 1
fi
# Run a private copy, so that a build started meanwhile in this tree cannot swap the jar.
work_dir=$(mktemp -d)
trap 'rm -rf "$work_dir"' EXIT
cp "$jar" "$work_dir/benchmarks.jar"
jar="$work_dir/benchmarks.jar"

feature=$("$java" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = //p')
mkdir -p "$results"
suffix="jdk$feature"
commands=()

# Measure memory first, in a JVM of its own. With the serial collector and no dead space left
# behind by its full GC, the used heap after System.gc() counts live objects only.
memory_cmd=("$java" -XX:+UseSerialGC -XX:MarkSweepDeadRatio=0 -Djdk.attach.allowAttachSelf=true
    -XX:+EnableDynamicAgentLoading -cp "$jar" chanstream.bench.MemoryFootprint
    --out "$results/memory-$suffix.json")
echo "run: ${memory_cmd[*]}"
"${memory_cmd[@]}" 2> >(grep -v '^WARNING' >&2)
commands+=("${memory_cmd[*]}")

jmh_cmd=("$java" -jar "$jar" "${jmh_options[@]}")
if [ "$feature" -lt 21 ]; then
    echo "run: JDK $feature has no virtual threads, so only the platform-thread cells run"
    jmh_cmd+=(-p threads=platform)
fi
jmh_cmd+=(-rf json -rff "$results/jmh-$suffix.json")
echo "run: ${jmh_cmd[*]}"
"${jmh_cmd[@]}" | tee "$results/jmh-$suffix.log"
commands+=("${jmh_cmd[*]}")

jmh_files=("$results/jmh-$suffix.json")
if [ "$feature" -ge 21 ] && [ "$platform_pairs" != 0 ]; then
    pairs_cmd=("$java" -jar "$jar" "${platform_pairs_options[@]}" ManyPairsBenchmark
        -p threads=platform -p "pairs=$platform_pairs"
        -rf json -rff "$results/jmh-platform-pairs-$suffix.json")
    echo "run: ${pairs_cmd[*]}"
    "${pairs_cmd[@]}" | tee "$results/jmh-platform-pairs-$suffix.log"
    commands+=("${pairs_cmd[*]}")
    jmh_files+=("$results/jmh-platform-pairs-$suffix.json")
fi

record_args=(record --out "$results/run-$suffix.json" --started "$started_at"
    --seconds "$((SECONDS - started))" --load-start "$load_start")
for command in "${commands[@]}"; do
    command="${command//$jar/benchmarks/target/benchmarks.jar}"
    record_args+=(--command "${command//$root\//}")
done
python3 "$here/report.py" "${record_args[@]}"
python3 "$here/report.py" render --run "$results/run-$suffix.json" --jmh "${jmh_files[@]}" \
    --memory "$results/memory-$suffix.json" --svg "$results/ratios-$suffix.svg" \
    --markdown "$root/BENCHMARKS.md" --notes "$here/targets-notes.md"
echo "run: done in $((SECONDS - started)) s; wrote $root/BENCHMARKS.md"
