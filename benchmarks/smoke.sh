#!/usr/bin/env bash
# Runs every JMH benchmark once, for 50 ms in one JVM, to catch a benchmark that throws, hangs or
# no longer builds. The scores it prints are not measurements. Exits 1 if any benchmark failed,
# and prints each failed benchmark with its parameters.
#
# Usage: benchmarks/smoke.sh [extra JMH options, e.g. a benchmark regex]
# Environment:
#   JAVA_HOME   the JDK to build and run with (default: java and mvn as found on PATH)
#   SKIP_BUILD  set to 1 to reuse benchmarks/target/benchmarks.jar
# On JDK 17-20 the virtual-thread cells are left out with -p threads=platform.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
jar="$here/target/benchmarks.jar"
log="$here/target/smoke.log"

if [ "${SKIP_BUILD:-0}" != 1 ]; then
    echo "smoke: building $jar"
    (cd "$root" && mvn -B -ntp -q -pl benchmarks -am package -Dmaven.test.skip=true)
fi
if [ ! -f "$jar" ]; then
    echo "smoke: $jar not found; run without SKIP_BUILD=1 to build it" >&2
    exit 1
fi

# Run a private copy, so that a build started meanwhile in this tree cannot swap the jar.
work_dir=$(mktemp -d)
trap 'rm -rf "$work_dir"' EXIT
cp "$jar" "$work_dir/benchmarks.jar"

feature=$("$java" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = //p')
jmh_args=(-f 0 -wi 0 -i 1 -r 50ms -to 2min)
if [ "$feature" -lt 21 ]; then
    echo "smoke: JDK $feature has no virtual threads, so only the platform-thread cells run"
    jmh_args+=(-p threads=platform)
fi

echo "smoke: $java -jar $jar ${jmh_args[*]} $*"
started=$SECONDS
status=0
timeout 10m "$java" -jar "$work_dir/benchmarks.jar" "${jmh_args[@]}" "$@" > "$log" 2>&1 \
    || status=$?

# JMH prints "<failure>" for an iteration whose benchmark threw, and exits 0 unless -foe is set.
failed=$(awk '
    /^# Benchmark: / { benchmark = $3 }
    /^# Parameters: / { parameters = substr($0, 15) }
    /<failure>/ { print "  " benchmark " " parameters }
' "$log")
passed=$(grep -cE '^[A-Za-z]+Benchmark\.[A-Za-z]+ ' "$log" || true)

echo "smoke: $passed benchmark cells reported a score in $((SECONDS - started)) s; log: $log"
if [ "$status" = 124 ]; then
    echo "smoke: FAILED, timed out after 10 minutes; the last benchmark started was:" >&2
    grep '^# Benchmark: ' "$log" | tail -1 >&2
    exit 1
fi
if [ -n "$failed" ]; then
    echo "smoke: FAILED, these benchmarks threw (stack traces in $log):" >&2
    echo "$failed" >&2
    exit 1
fi
if [ "$status" != 0 ] || [ "$passed" = 0 ]; then
    echo "smoke: FAILED, JMH exited with status $status; the last lines of its output:" >&2
    tail -20 "$log" >&2
    exit 1
fi
echo "smoke: all benchmarks ran"
