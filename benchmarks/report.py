#!/usr/bin/env python3
"""Turn the JMH and MemoryFootprint results into BENCHMARKS.md and an SVG chart.

run.sh calls it twice:

    report.py record --out results/run-jdk25.json --started ISO --seconds N \
        --load-start "L1 L5 L15" --command CMD [--command CMD ...]
    report.py render --run results/run-jdk25.json --jmh results/jmh-jdk25.json [...] \
        --memory results/memory-jdk25.json --svg results/ratios-jdk25.svg \
        --markdown ../BENCHMARKS.md [--notes targets-notes.md]

`record` stores the facts that only the machine of the run can supply (CPU, memory, load, the
commands), so that `render` can be run again later, elsewhere, with the same output.

Standard library only (Python 3.11).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import sys
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape


# ---------------------------------------------------------------- what is compared with what


@dataclass(frozen=True)
class Impl:
    """One implementation in a shape: a JMH benchmark method and its label in the report."""

    benchmark_class: str
    method: str
    label: str
    subject: bool = False
    # Parameters that the class fixes instead of declaring, so that its cells line up with the
    # cells of classes that do declare them (capacity 0 of the rendezvous class, for example).
    fixed_params: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Shape:
    """A workload, measured for chanstream and its anchors under the same parameters."""

    key: str
    title: str
    description: str
    unit: str
    impls: tuple[Impl, ...]


CAPACITY_0 = (("capacity", "0"),)
VIRTUAL_ONLY = (("threads", "virtual"),)

SHAPES: tuple[Shape, ...] = (
    Shape(
        "ping-pong",
        "Ping-pong over unbuffered channels",
        "Two threads bounce one value through two rendezvous channels: a ping from the first "
        "thread, then a pong back. 10,000 round trips per invocation (PingPongBenchmark, "
        "JoxPingPongBenchmark).",
        "ns per hand-off (a round trip is two)",
        (
            Impl("PingPongBenchmark", "chanstream", "chanstream", subject=True),
            Impl("PingPongBenchmark", "synchronousQueue", "SynchronousQueue"),
            Impl("PingPongBenchmark", "exchanger", "Exchanger"),
            Impl("PingPongBenchmark", "linkedTransferQueue", "LinkedTransferQueue.transfer"),
            Impl("JoxPingPongBenchmark", "jox", "Jox rendezvous"),
        ),
    ),
    Shape(
        "spsc",
        "One producer, one consumer",
        "One thread sends 50,000 elements, another receives them, through a channel or queue of "
        "the given capacity; capacity 0 is a rendezvous (SpscRendezvousBenchmark, "
        "SpscBufferedBenchmark, JoxSpscBenchmark).",
        "ns per element",
        (
            Impl("SpscRendezvousBenchmark", "chanstream", "chanstream", True, CAPACITY_0),
            Impl("SpscBufferedBenchmark", "chanstream", "chanstream", subject=True),
            Impl("SpscRendezvousBenchmark", "synchronousQueue", "SynchronousQueue",
                 fixed_params=CAPACITY_0),
            Impl("SpscBufferedBenchmark", "arrayBlockingQueue", "ArrayBlockingQueue"),
            Impl("SpscBufferedBenchmark", "linkedBlockingQueue", "LinkedBlockingQueue"),
            Impl("JoxSpscBenchmark", "jox", "Jox"),
        ),
    ),
    Shape(
        "mpsc-select",
        "Two producers, one consumer: select over two channels",
        "Each producer sends 25,000 elements into its own channel; the consumer receives all "
        "50,000 with a select over both channels, building the two clauses on each call "
        "(MpscBenchmark, JoxMpscBenchmark).",
        "ns per element received",
        (
            Impl("MpscBenchmark", "chanstreamSelect", "chanstream select", subject=True),
            Impl("JoxMpscBenchmark", "joxSelect", "Jox select"),
        ),
    ),
    Shape(
        "mpsc-shared",
        "Two producers, one consumer: one shared channel",
        "Both producers send 25,000 elements each into one shared channel or queue, and one "
        "consumer receives them (MpscBenchmark, JoxMpscBenchmark).",
        "ns per element received",
        (
            Impl("MpscBenchmark", "chanstreamShared", "chanstream shared", subject=True),
            Impl("MpscBenchmark", "blockingQueueShared", "ArrayBlockingQueue shared"),
            Impl("JoxMpscBenchmark", "joxShared", "Jox shared"),
        ),
    ),
    Shape(
        "many-pairs",
        "Many ping-pong pairs at once",
        "The given number of independent pairs play ping-pong at the same time, each over its "
        "own two rendezvous channels, 1,000,000 hand-offs per invocation in total. Each "
        "invocation starts its threads, two per pair, and that start-up is timed too "
        "(ManyPairsBenchmark).",
        "ns per hand-off, over all pairs",
        (
            Impl("ManyPairsBenchmark", "chanstream", "chanstream", subject=True),
            Impl("ManyPairsBenchmark", "synchronousQueue", "SynchronousQueue"),
            Impl("ManyPairsBenchmark", "jox", "Jox rendezvous"),
        ),
    ),
    Shape(
        "blocked-waiters",
        "10,000 blocked waiters released",
        "10,000 virtual threads each block receiving from their own empty rendezvous channel; "
        "the benchmark thread sends one element to each and waits until all have returned. "
        "Starting and parking them is not timed (BlockedWaitersBenchmark).",
        "ns per released waiter",
        (
            Impl("BlockedWaitersBenchmark", "chanstream", "chanstream", True, VIRTUAL_ONLY),
            Impl("BlockedWaitersBenchmark", "synchronousQueue", "SynchronousQueue",
                 fixed_params=VIRTUAL_ONLY),
            Impl("BlockedWaitersBenchmark", "jox", "Jox rendezvous", fixed_params=VIRTUAL_ONLY),
        ),
    ),
    Shape(
        "close-wakeup",
        "Close wakes 1,000 receivers",
        "1,000 threads block receiving from one channel; the benchmark closes it and waits until "
        "all have returned. Starting and parking them is not timed. The CountDownLatch anchor "
        "releases 1,000 threads blocked in await() (CloseWakeupBenchmark, "
        "JoxCloseWakeupBenchmark).",
        "ns per woken receiver",
        (
            Impl("CloseWakeupBenchmark", "chanstream", "chanstream close", subject=True),
            Impl("CloseWakeupBenchmark", "countDownLatch", "CountDownLatch.countDown"),
            Impl("JoxCloseWakeupBenchmark", "jox", "Jox done"),
        ),
    ),
    Shape(
        "channel-to-flux",
        "Channel to Flux, subscriber on another thread",
        "A producer thread emits 50,000 elements; the subscriber counts them on a Reactor "
        "single-thread scheduler behind publishOn. chanstream sends into a channel read through "
        "ReactorChannels.toFlux: buffered(16), which blocks the producer while full, or "
        "unlimited, which never blocks it, like both anchors (ChannelToFluxBenchmark).",
        "ns per element",
        (
            Impl("ChannelToFluxBenchmark", "chanstream", "chanstream buffered(16)", subject=True),
            Impl("ChannelToFluxBenchmark", "chanstreamUnlimited", "chanstream unlimited",
                 subject=True),
            Impl("ChannelToFluxBenchmark", "fluxCreate", "Flux.create + publishOn"),
            Impl("ChannelToFluxBenchmark", "unicastSink", "Sinks.many().unicast()"),
        ),
    ),
    Shape(
        "channel-to-flowable",
        "Channel to Flowable (RxJava 3), subscriber on another thread",
        "The RxJava form of the shape above: the subscriber counts 50,000 elements on a "
        "single-thread scheduler behind observeOn. chanstream sends into a channel read "
        "through RxChannels.toFlowable, buffered(16) or unlimited; the anchors are "
        "Flowable.create with BackpressureStrategy.BUFFER and a UnicastProcessor, both "
        "unbounded (ChannelToFlowableBenchmark).",
        "ns per element",
        (
            Impl("ChannelToFlowableBenchmark", "chanstream", "chanstream buffered(16)",
                 subject=True),
            Impl("ChannelToFlowableBenchmark", "chanstreamUnlimited", "chanstream unlimited",
                 subject=True),
            Impl("ChannelToFlowableBenchmark", "flowableCreate", "Flowable.create(BUFFER)"),
            Impl("ChannelToFlowableBenchmark", "unicastProcessor", "UnicastProcessor"),
        ),
    ),
    Shape(
        "flux-to-channel",
        "Flux to a receiving thread",
        "Flux.range emits 50,000 elements on a Reactor single-thread scheduler (subscribeOn); a "
        "blocking thread receives them through a bridge with a buffer of 16: "
        "ReactorChannels.toChannel, or Reactor's own Flux.toIterable(16) "
        "(FluxToChannelBenchmark).",
        "ns per element",
        (
            Impl("FluxToChannelBenchmark", "chanstream", "chanstream toChannel(16)", subject=True),
            Impl("FluxToChannelBenchmark", "toIterable", "Flux.toIterable(16)"),
        ),
    ),
)

# Parameter display order; others follow alphabetically.
PARAM_ORDER = ("threads", "capacity", "pairs")


# ---------------------------------------------------------------- loading results


@dataclass
class Cell:
    """One JMH result: a benchmark method under one set of parameters."""

    benchmark_class: str
    method: str
    params: dict[str, str]
    score: float
    error: float  # half-width of JMH's 99.9% confidence interval; NaN with one iteration
    unit: str
    iterations: int


def load_jmh(paths: list[Path]) -> tuple[list[Cell], list[dict]]:
    """Return the cells of all JMH JSON files, and the raw records for run settings."""
    cells: list[Cell] = []
    records: list[dict] = []
    for path in paths:
        if not path.exists():
            print(f"report.py: {path} not found, skipped", file=sys.stderr)
            continue
        for record in json.loads(path.read_text(encoding="utf-8")):
            records.append(record)
            class_name, method = record["benchmark"].split(".")[-2:]
            metric = record["primaryMetric"]
            error = metric.get("scoreError")
            cells.append(Cell(
                benchmark_class=class_name,
                method=method,
                params=dict(record.get("params") or {}),
                score=float(metric["score"]),
                error=float(error) if isinstance(error, (int, float)) else math.nan,
                unit=metric["scoreUnit"],
                iterations=len(metric.get("rawData", [[]])[0]),
            ))
    return cells, records


@dataclass
class Row:
    """One implementation in one parameter group of a shape."""

    impl: Impl
    cell: Cell


@dataclass
class Group:
    """The rows of a shape that share parameters, with the ratios of each subject to each row."""

    params: tuple[tuple[str, str], ...]
    rows: list[Row] = field(default_factory=list)

    def subjects(self) -> list[Row]:
        return [row for row in self.rows if row.impl.subject]

    def anchors(self) -> list[Row]:
        return [row for row in self.rows if not row.impl.subject]


def param_sort_key(params: tuple[tuple[str, str], ...]) -> tuple:
    def value_key(name: str, value: str) -> tuple:
        if name == "threads":
            return (0, ["platform", "virtual"].index(value) if value in ("platform", "virtual")
                    else 2, value)
        try:
            return (1, float(value), value)
        except ValueError:
            return (2, 0.0, value)
    ordered = sorted(params, key=lambda item: (
        PARAM_ORDER.index(item[0]) if item[0] in PARAM_ORDER else len(PARAM_ORDER), item[0]))
    return tuple(value_key(name, value) for name, value in ordered)


def group_cells(shape: Shape, cells: list[Cell]) -> list[Group]:
    """Return the parameter groups of a shape, in display order."""
    groups: dict[tuple, Group] = {}
    for impl in shape.impls:
        for cell in cells:
            if cell.benchmark_class != impl.benchmark_class or cell.method != impl.method:
                continue
            params = dict(cell.params)
            params.update(dict(impl.fixed_params))
            key = tuple(sorted(params.items()))
            groups.setdefault(key, Group(key)).rows.append(Row(impl, cell))
    return [groups[key] for key in sorted(groups, key=param_sort_key)]


def ratio(subject: Cell, anchor: Cell) -> tuple[float, float]:
    """Return subject ÷ anchor and its error, from the two relative errors in quadrature."""
    value = subject.score / anchor.score
    relative = [c.error / c.score for c in (subject, anchor) if not math.isnan(c.error)]
    if len(relative) < 2:
        return value, math.nan
    return value, value * math.hypot(*relative)


# ---------------------------------------------------------------- targets


@dataclass(frozen=True)
class Target:
    """A speed goal: the ratio of a chanstream cell to an anchor cell of the same run."""

    goal: str
    subject: tuple[str, str]   # benchmark class and method
    anchor: tuple[str, str]
    limit: float               # met when subject ÷ anchor <= limit
    params: tuple[tuple[str, str], ...] = ()  # besides threads
    threads: tuple[str, ...] = ("platform", "virtual")


TARGETS: tuple[Target, ...] = (
    Target("ping-pong <= 0.7x SynchronousQueue",
           ("PingPongBenchmark", "chanstream"), ("PingPongBenchmark", "synchronousQueue"),
           0.7, threads=("virtual",)),
    Target("ping-pong <= Exchanger",
           ("PingPongBenchmark", "chanstream"), ("PingPongBenchmark", "exchanger"),
           1.0, threads=("platform",)),
    Target("SPSC capacity 16 <= 0.5x ArrayBlockingQueue",
           ("SpscBufferedBenchmark", "chanstream"), ("SpscBufferedBenchmark", "arrayBlockingQueue"),
           0.5, (("capacity", "16"),)),
    Target("SPSC capacity 1024 <= ArrayBlockingQueue",
           ("SpscBufferedBenchmark", "chanstream"), ("SpscBufferedBenchmark", "arrayBlockingQueue"),
           1.0, (("capacity", "1024"),)),
    Target("select over 2 channels <= 2x a plain receive (one shared channel)",
           ("MpscBenchmark", "chanstreamSelect"), ("MpscBenchmark", "chanstreamShared"),
           2.0, (("capacity", "16"),)),
    Target("select over 2 channels <= 0.5x Jox select",
           ("MpscBenchmark", "chanstreamSelect"), ("JoxMpscBenchmark", "joxSelect"),
           0.5, (("capacity", "16"),)),
    Target("10,000 pairs: no cliff, <= SynchronousQueue",
           ("ManyPairsBenchmark", "chanstream"), ("ManyPairsBenchmark", "synchronousQueue"),
           1.0, (("pairs", "10000"),), threads=("virtual",)),
    Target("channel to Flux <= Flux.create + publishOn",
           ("ChannelToFluxBenchmark", "chanstream"), ("ChannelToFluxBenchmark", "fluxCreate"),
           1.0),
)

# Memory goals, in bytes, read from MemoryFootprint's results.
WAITER_HEAP_LIMIT = 1024
EMPTY_CHANNEL_LIMIT = 128


def find_cell(cells: list[Cell], method: tuple[str, str],
              params: dict[str, str]) -> Cell | None:
    for cell in cells:
        if (cell.benchmark_class, cell.method) == method and all(
                cell.params.get(name) == value for name, value in params.items()):
            return cell
    return None


def verdict(value: float, limit: float) -> str:
    return "met" if value <= limit else f"missed by {value / limit:.2f}x"


def bytes_verdict(value: int, limit: int) -> str:
    return "met" if value <= limit else f"missed by {value - limit} B"


def markdown_targets(cells: list[Cell], shape_groups: list[tuple[Shape, list[Group]]],
                     memory: dict | None, notes: str | None) -> list[str]:
    lines = [
        "## Targets",
        "",
        "The goals chanstream set itself, each a ratio to an anchor measured in this run. "
        "A goal is met when the ratio is at or below the limit; \"missed by 1.40x\" means the "
        "ratio is 1.40 times the limit.",
        "",
        "| goal | threads | chanstream ÷ anchor | limit | verdict |",
        "|---|---|---:|---:|---|",
    ]
    for target in TARGETS:
        for threads in target.threads:
            params = dict(target.params, threads=threads)
            subject = find_cell(cells, target.subject, params)
            anchor = find_cell(cells, target.anchor, params)
            if subject is None or anchor is None:
                lines.append(f"| {target.goal} | {threads} | not in this run "
                             f"| {target.limit:g} | — |")
                continue
            value, error = ratio(subject, anchor)
            lines.append(f"| {target.goal} | {threads} | {format_ratio(value, error)} "
                         f"| {target.limit:g} | {verdict(value, target.limit)} |")

    jox = []
    for shape, groups in shape_groups:
        for group in groups:
            for subject in group.subjects():
                for anchor in group.anchors():
                    if anchor.impl.label.startswith("Jox"):
                        value, _ = ratio(subject.cell, anchor.cell)
                        jox.append((shape, group, subject, anchor, value))
    faster = sum(1 for *_, value in jox if value <= 1.0)
    lines += [
        "",
        f"Every shape faster than Jox: chanstream is faster in {faster} of the {len(jox)} "
        "cells that have a Jox anchor.",
        "",
    ]
    slower = [row for row in jox if row[4] > 1.0]
    if slower:
        lines += ["| shape | parameters | chanstream ÷ Jox |", "|---|---|---:|"]
        for shape, group, subject, anchor, value in slower:
            lines.append(f"| {shape.title}: {subject.impl.label} ÷ {anchor.impl.label} "
                         f"| {format_params(group.params)} | {value:.2f} |")
        lines.append("")

    if memory is not None:
        lines += ["| memory goal | measured | limit | verdict |", "|---|---:|---:|---|"]
        for row in memory.get("heapPerWaiter", []):
            if row["name"].startswith("chanstream"):
                lines.append(f"| heap per blocked virtual-thread waiter, {row['name']} "
                             f"| {row['bytesPerWaiter']} B | {WAITER_HEAP_LIMIT} B "
                             f"| {bytes_verdict(row['bytesPerWaiter'], WAITER_HEAP_LIMIT)} |")
        for row in memory.get("emptyChannels", []):
            if row["name"].startswith("chanstream") and "after" not in row["name"]:
                own = row.get("ownBytes", row["shallowBytes"])
                lines.append(f"| empty channel, {row['name']} (own bytes) | {own} B "
                             f"| {EMPTY_CHANNEL_LIMIT} B | {bytes_verdict(own, EMPTY_CHANNEL_LIMIT)} |")
        lines.append("")
    if notes:
        lines += [notes.strip(), ""]
    return lines


# ---------------------------------------------------------------- machine facts (record)


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def memory_gib() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) / (1024 * 1024)
    except OSError:
        pass
    return None


def load_average() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text(encoding="utf-8").split()[:3])
    except OSError:
        return "unknown"


def record(args: argparse.Namespace) -> None:
    run = {
        "started": args.started,
        "seconds": args.seconds,
        "commands": args.command,
        "cpuModel": cpu_model(),
        "cores": os.cpu_count(),
        "memoryGiB": memory_gib(),
        "kernel": f"{platform.system()} {platform.release()}",
        "loadStart": args.load_start,
        "loadEnd": load_average(),
    }
    Path(args.out).write_text(json.dumps(run, indent=2) + "\n", encoding="utf-8")
    print(f"report.py: wrote {args.out}")


# ---------------------------------------------------------------- formatting


def format_ns(value: float) -> str:
    if math.isnan(value):
        return "n/a"
    if value >= 100:
        return f"{value:,.0f}"
    if value >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


def format_ratio(value: float, error: float) -> str:
    text = f"{value:.2f}"
    if not math.isnan(error):
        text += f" ± {error:.2f}"
    return text


def format_params(params: tuple[tuple[str, str], ...]) -> str:
    """Return "platform threads, capacity 16" for threads=platform, capacity=16."""
    ordered = sorted(params, key=lambda item: (
        PARAM_ORDER.index(item[0]) if item[0] in PARAM_ORDER else len(PARAM_ORDER), item[0]))
    return ", ".join(f"{value} threads" if name == "threads" else f"{name} {value}"
                     for name, value in ordered)


def params_without(params: tuple[tuple[str, str], ...], name: str) -> tuple:
    return tuple(item for item in params if item[0] != name)


# ---------------------------------------------------------------- markdown


def markdown_shape_table(shape: Shape, groups: list[Group]) -> list[str]:
    subject_labels = []
    for impl in shape.impls:
        if impl.subject and impl.label not in subject_labels:
            subject_labels.append(impl.label)
    header = ["parameters", "implementation", shape.unit, "± error"]
    header += [f"{label} ÷ this" for label in subject_labels]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * 2 + "---:|" * (len(header) - 2)]
    for group in groups:
        subjects = {row.impl.label: row.cell for row in group.subjects()}
        for row in group.rows:
            cells = [format_params(group.params), row.impl.label, format_ns(row.cell.score),
                     format_ns(row.cell.error)]
            for label in subject_labels:
                subject = subjects.get(label)
                if row.impl.subject or subject is None:
                    cells.append("")
                else:
                    cells.append(format_ratio(*ratio(subject, row.cell)))
            lines.append("| " + " | ".join(cells) + " |")
    return lines


def markdown_summary(shape_groups: list[tuple[Shape, list[Group]]]) -> list[str]:
    """Return a table of ratios with platform and virtual threads side by side.

    It has one line per shape, subject, anchor and set of parameters other than threads.
    """
    lines = [
        "| shape | chanstream ÷ anchor | parameters | platform threads | virtual threads |",
        "|---|---|---|---:|---:|",
    ]
    for shape, groups in shape_groups:
        table: dict[tuple, dict[str, str]] = {}
        for group in groups:
            threads = dict(group.params).get("threads", "")
            rest = params_without(group.params, "threads")
            for subject in group.subjects():
                for anchor in group.anchors():
                    key = (subject.impl.label, anchor.impl.label, rest)
                    value, _ = ratio(subject.cell, anchor.cell)
                    table.setdefault(key, {})[threads] = f"{value:.2f}"
        for (subject, anchor, rest), by_threads in table.items():
            lines.append(f"| {shape.title} | {subject} ÷ {anchor} | {format_params(rest) or '—'} "
                         f"| {by_threads.get('platform', '—')} "
                         f"| {by_threads.get('virtual', '—')} |")
    return lines


def markdown_memory(memory: dict | None) -> list[str]:
    if memory is None:
        return ["No memory results were given to report.py.", ""]
    lines = [
        "Measured by `MemoryFootprint` with JOL "
        "(`org.openjdk.jol:jol-core:0.17`) on " + memory.get("vm", "") + " "
        + memory.get("jdk", "") + ", JVM options `" + memory.get("jvmArgs", "") + "`.",
        "",
    ]
    lines += markdown_empty_sizes(memory)
    lines += markdown_waiter_heap(memory)
    return lines


def markdown_empty_sizes(memory: dict) -> list[str]:
    lines = [
        "### Size of an empty channel",
        "",
        "Shallow is the object itself; deep is everything reachable from it "
        "(`GraphLayout.parseInstance(channel).totalSize()`); own leaves out the objects that "
        "every channel of that kind shares, such as enum constants: it is what a second "
        "channel adds.",
        "",
        "| channel | shallow (bytes) | deep (bytes) | own (bytes) |",
        "|---|---:|---:|---:|",
    ]
    for row in memory.get("emptyChannels", []):
        lines.append(f"| {row['name']} | {row['shallowBytes']} | {row['deepBytes']} "
                     f"| {row.get('ownBytes', '')} |")
    lines.append("")
    return lines


def markdown_waiter_heap(memory: dict) -> list[str]:
    lines = ["### Heap per blocked waiter", ""]
    waiters = memory.get("heapPerWaiter", [])
    if not waiters:
        return lines + ["Not measured: it needs virtual threads, so JDK 21 or later.", ""]

    lines += [
        f"{memory.get('waiters', 10000):,} virtual threads each block receiving from their own "
        "empty channel (or awaiting their own latch). The figure is the growth of the used heap "
        "after a full GC, divided by the number of threads: the channel, the waiter's queue "
        "node, the Thread object, the virtual thread's stack chunk and its Runnable. Each row "
        "is the median of the samples, each sample a fresh set of threads after three "
        "unmeasured rounds. The samples of one run mostly agree, but a figure can move by "
        "several percent from run to run, because the size of a stack chunk depends on which "
        "frames are JIT-compiled by then.",
        "",
        "| blocked on | bytes per waiter | samples | over the CountDownLatch row |",
        "|---|---:|---|---:|",
    ]
    baseline_name = memory.get("baseline")
    baseline = next((row for row in waiters if row["name"] == baseline_name), None)
    for row in waiters:
        extra = ""
        if baseline is not None and row is not baseline:
            extra = f"{row['bytesPerWaiter'] - baseline['bytesPerWaiter']:+d}"
        samples = ", ".join(str(s) for s in row.get("samples", []))
        lines.append(f"| {row['name']} | {row['bytesPerWaiter']} | {samples} | {extra} |")
    lines.append("")
    return lines


def run_settings(records: list[dict]) -> str:
    if not records:
        return "no JMH results"
    first = records[0]
    forks = first.get("forks")
    return (f"{forks} fork{'' if forks == 1 else 's'}, "
            f"{first.get('warmupIterations')} warm-up iterations of "
            f"{first.get('warmupTime')}, {first.get('measurementIterations')} measurement "
            f"iterations of {first.get('measurementTime')}")


def render_markdown(run: dict, cells: list[Cell], records: list[dict], memory: dict | None,
                    svg_link: str, notes: str | None = None) -> str:
    shape_groups = [(shape, group_cells(shape, cells)) for shape in SHAPES]
    jdk = records[0] if records else {}
    memory_gb = run.get("memoryGiB")
    lines = [
        "# chanstream benchmarks",
        "",
        "Generated by `benchmarks/report.py` from the results in `benchmarks/results/`. "
        "Rerun with `benchmarks/run.sh` (see [Reproducing](#reproducing)); do not edit by hand.",
        "",
        "Every score is JMH's average time per element (or per hand-off, wake-up), in "
        "nanoseconds: lower is better. The error is the half-width of JMH's 99.9% confidence "
        "interval over the measurement iterations. A ratio is chanstream's score divided by the "
        "anchor's from the same run: below 1 chanstream is faster, above 1 slower. Its error "
        "combines the two relative errors.",
        "",
        "## Run",
        "",
        f"- Machine: {run.get('cpuModel', 'unknown')}, {run.get('cores', '?')} cores, "
        + (f"{memory_gb:.0f} GiB memory" if memory_gb else "memory unknown")
        + f", {run.get('kernel', '')}",
        f"- Load average (1, 5, 15 min): {run.get('loadStart', '?')} at the start, "
        f"{run.get('loadEnd', '?')} at the end",
        f"- JDK: {jdk.get('vmName', '?')} {jdk.get('vmVersion', '?')} "
        f"(`java.version` {jdk.get('jdkVersion', '?')}), JVM options "
        f"`{' '.join(jdk.get('jvmArgs', [])) or 'none'}`",
        f"- JMH {jdk.get('jmhVersion', '?')}: {run_settings(records)}",
        f"- Started {run.get('started', '?')}; run.sh took {int(run.get('seconds', 0)) // 60} "
        f"min {int(run.get('seconds', 0)) % 60} s, including the build unless SKIP_BUILD=1",
        "",
        "Commands, from the repository root:",
        "",
        "```",
        *run.get("commands", []),
        "```",
        "",
        "## Noise",
        "",
        f"The machine has {run.get('cores', '?')} cores and is shared with other work, such as "
        "test suites, while the benchmarks run; the load averages above show how busy it was. "
        "Every benchmark needs at least two busy threads, so any other runnable thread takes "
        "a core away from it. The cells on platform threads where every element makes a thread "
        "park and be unparked (rendezvous hand-offs, small buffers that fill up) vary the most: "
        "their time is mostly the kernel's wake-up latency, which depends on what else runs. "
        "Read ratios below 0.8 or above 1.25 as real differences only when the error is small, "
        "and compare cells across runs only as orders of magnitude.",
        "",
        "## Summary",
        "",
        f"![chanstream ÷ anchor per cell, log scale]({svg_link})",
        "",
        *markdown_summary(shape_groups),
        "",
        *markdown_targets(cells, shape_groups, memory, notes),
    ]
    for shape, groups in shape_groups:
        lines += [f"## {shape.title}", "", shape.description, ""]
        if not groups:
            lines += ["No results in this run (the benchmark classes are missing from the jar, "
                      "or were not selected).", ""]
            continue
        lines += markdown_shape_table(shape, groups)
        missing = sorted({impl.label for impl in shape.impls}
                         - {row.impl.label for group in groups for row in group.rows})
        if missing:
            lines += ["", "Not in this run: " + ", ".join(missing) + "."]
        lines.append("")
    lines += ["## Memory", ""] + markdown_memory(memory)
    lines += [
        "## Reproducing",
        "",
        "```",
        "# every benchmark once, briefly, as a check that none is broken (a minute or two):",
        "JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 benchmarks/smoke.sh",
        "# the full suite, then this page:",
        "JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 nice benchmarks/run.sh",
        "```",
        "",
        "On JDK 17 the jar has no Jox anchors and no 10,000-thread benchmarks, because both need "
        "JDK 21, and the scripts run the platform-thread cells only.",
        "",
    ]
    return "\n".join(lines)


# ---------------------------------------------------------------- SVG chart


@dataclass
class Bar:
    label: str
    value: float
    error: float


SVG_WIDTH = 960
LABEL_RIGHT = 470        # labels end here
PLOT_LEFT = 490
PLOT_RIGHT = 900
ROW_HEIGHT = 18
SECTION_GAP = 26
LOG2_LIMIT = 5           # the axis spans 1/32x to 32x; longer bars end at the edge, "(clipped)"


def x_of(value: float) -> float:
    exponent = max(-LOG2_LIMIT, min(LOG2_LIMIT, math.log2(value)))
    middle = (PLOT_LEFT + PLOT_RIGHT) / 2
    return middle + exponent * (PLOT_RIGHT - PLOT_LEFT) / (2 * LOG2_LIMIT)


def chart_sections(shape_groups: list[tuple[Shape, list[Group]]]) -> list[tuple[str, list[Bar]]]:
    sections = []
    for shape, groups in shape_groups:
        bars = []
        for group in groups:
            for subject in group.subjects():
                for anchor in group.anchors():
                    value, error = ratio(subject.cell, anchor.cell)
                    label = f"{format_params(group.params)}: "
                    if len(group.subjects()) > 1:
                        label += f"{subject.impl.label} ÷ "
                    label += anchor.impl.label
                    bars.append(Bar(label, value, error))
        if bars:
            sections.append((shape.title, bars))
    return sections


def render_svg(shape_groups: list[tuple[Shape, list[Group]]], title: str) -> str:
    sections = chart_sections(shape_groups)
    top = 70
    height = top + sum(SECTION_GAP + ROW_HEIGHT * len(bars) for _, bars in sections) + 40
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{SVG_WIDTH}" height="{height}" '
        f'viewBox="0 0 {SVG_WIDTH} {height}" font-family="sans-serif" font-size="12">',
        f'<rect width="{SVG_WIDTH}" height="{height}" fill="white"/>',
        f'<text x="10" y="22" font-size="15" font-weight="bold">{escape(title)}</text>',
        '<text x="10" y="40" fill="#444">chanstream time ÷ anchor time, log scale. '
        'Left of 1: chanstream faster (green); right: slower (red). Whiskers: error.</text>',
    ]
    axis_bottom = height - 30
    for exponent in range(-LOG2_LIMIT, LOG2_LIMIT + 1):
        x = x_of(2.0 ** exponent)
        label = f"{2 ** exponent:g}" if exponent >= 0 else f"1/{2 ** -exponent}"
        colour = "#888" if exponent == 0 else "#ddd"
        out.append(f'<line x1="{x:.1f}" y1="{top - 8}" x2="{x:.1f}" y2="{axis_bottom}" '
                   f'stroke="{colour}"/>')
        out.append(f'<text x="{x:.1f}" y="{top - 12}" text-anchor="middle" fill="#444">'
                   f'{label}×</text>')
        out.append(f'<text x="{x:.1f}" y="{axis_bottom + 14}" text-anchor="middle" '
                   f'fill="#444">{label}×</text>')
    y = top
    one = x_of(1.0)
    for section_title, bars in sections:
        y += SECTION_GAP
        out.append(f'<text x="10" y="{y - 8}" font-weight="bold">{escape(section_title)}</text>')
        for bar in bars:
            x = x_of(bar.value)
            colour = "#2e7d32" if bar.value < 1 else "#c62828"
            left, right = sorted((one, x))
            middle = y + ROW_HEIGHT / 2
            out.append(f'<text x="{LABEL_RIGHT}" y="{middle + 4:.1f}" text-anchor="end">'
                       f'{escape(bar.label)}</text>')
            out.append(f'<rect x="{left:.1f}" y="{y + 3}" width="{max(right - left, 1):.1f}" '
                       f'height="{ROW_HEIGHT - 6}" fill="{colour}" fill-opacity="0.8"/>')
            if not math.isnan(bar.error) and bar.error > 0:
                low = x_of(max(bar.value - bar.error, 2.0 ** -LOG2_LIMIT))
                high = x_of(bar.value + bar.error)
                out.append(f'<line x1="{low:.1f}" y1="{middle:.1f}" x2="{high:.1f}" '
                           f'y2="{middle:.1f}" stroke="black" stroke-width="1"/>')
            anchor_side = "start" if bar.value >= 1 else "end"
            text_x = (max(x, one) + 4) if bar.value >= 1 else (min(x, one) - 4)
            clipped = abs(math.log2(bar.value)) > LOG2_LIMIT
            value_text = f"{bar.value:.2f}{' (clipped)' if clipped else ''}"
            # A white box behind the value hides the whisker under it. The width is an estimate
            # of 7 px per character at this font size.
            box_width = 7 * len(value_text) + 4
            box_x = text_x - 2 if bar.value >= 1 else text_x - box_width + 2
            out.append(f'<rect x="{box_x:.1f}" y="{middle - 7:.1f}" width="{box_width}" '
                       f'height="14" fill="white"/>')
            out.append(f'<text x="{text_x:.1f}" y="{middle + 4:.1f}" text-anchor="{anchor_side}" '
                       f'fill="#222">{value_text}</text>')
            y += ROW_HEIGHT
    out.append("</svg>")
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------- entry point


def render(args: argparse.Namespace) -> None:
    run = json.loads(Path(args.run).read_text(encoding="utf-8"))
    cells, records = load_jmh([Path(p) for p in args.jmh])
    if not cells:
        sys.exit("report.py: no JMH results in " + ", ".join(args.jmh))
    wrong_units = sorted({c.unit for c in cells} - {"ns/op"})
    if wrong_units:
        sys.exit(f"report.py: expected every score in ns/op, found {wrong_units}")
    memory = None
    if args.memory and Path(args.memory).exists():
        memory = json.loads(Path(args.memory).read_text(encoding="utf-8"))
    markdown_path = Path(args.markdown)
    svg_path = Path(args.svg)
    svg_link = os.path.relpath(svg_path.resolve(), markdown_path.resolve().parent)
    shape_groups = [(shape, group_cells(shape, cells)) for shape in SHAPES]
    jdk = records[0].get("jdkVersion", "?")
    svg_path.write_text(render_svg(shape_groups, f"chanstream vs anchors, JDK {jdk}"),
                        encoding="utf-8")
    notes = None
    if args.notes and Path(args.notes).exists():
        notes = Path(args.notes).read_text(encoding="utf-8")
    markdown_path.write_text(render_markdown(run, cells, records, memory, svg_link, notes),
                             encoding="utf-8")
    known = {(impl.benchmark_class, impl.method) for shape in SHAPES for impl in shape.impls}
    unknown = sorted({f"{c.benchmark_class}.{c.method}" for c in cells}
                     - {f"{k[0]}.{k[1]}" for k in known})
    if unknown:
        print("report.py: these results belong to no shape and are left out: "
              + ", ".join(unknown), file=sys.stderr)
    print(f"report.py: wrote {markdown_path} and {svg_path}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="action", required=True)

    record_parser = commands.add_parser("record", help="store machine facts and commands")
    record_parser.add_argument("--out", required=True, help="JSON file to write")
    record_parser.add_argument("--started", required=True, help="start time, ISO 8601 UTC")
    record_parser.add_argument("--seconds", type=int, required=True,
                               help="duration of the run in seconds")
    record_parser.add_argument("--load-start", default="unknown",
                               help="load averages at the start, as in /proc/loadavg")
    record_parser.add_argument("--command", action="append", default=[],
                               help="a command the run executed; repeat for each")

    render_parser = commands.add_parser("render", help="write BENCHMARKS.md and the SVG chart")
    render_parser.add_argument("--run", required=True, help="JSON file written by record")
    render_parser.add_argument("--jmh", nargs="+", required=True, help="JMH JSON result files")
    render_parser.add_argument("--memory", help="MemoryFootprint JSON file")
    render_parser.add_argument("--svg", required=True, help="SVG chart to write")
    render_parser.add_argument("--markdown", required=True, help="markdown file to write")
    render_parser.add_argument("--notes", help="markdown placed after the targets table: "
                               "what the profiles show holding the missed targets back")

    args = parser.parse_args()
    if args.action == "record":
        record(args)
    else:
        render(args)


if __name__ == "__main__":
    main()
