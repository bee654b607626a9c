"""What the load bench measures besides latency (CPU of the web processes and of the machine) and
the name=value lines it prints at the end."""

import os
import re
import statistics
from collections import defaultdict
from pathlib import Path


def process_cpu_seconds(pid: int) -> float:
    """CPU time (user + system) of a process, its running children and its reaped children."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        ppid = int(fields[1])
        if int(entry.name) == pid:
            # utime, stime, and cutime, cstime: workers recycled (max_requests) and reaped.
            total += sum(int(f) for f in fields[11:15]) / tick
        elif ppid == pid:
            total += (int(fields[11]) + int(fields[12])) / tick
    return total


def machine_cpu_seconds() -> tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine so far, summed over its cores (/proc/stat)."""
    fields = [int(f) for f in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle and iowait
    tick = os.sysconf("SC_CLK_TCK")
    return (sum(fields) - idle) / tick, sum(fields) / tick


def percentile(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def report_print(
    *,
    data: dict,
    args,
    elapsed: float,
    samples: list[tuple[str, int, float]],
    rampup: list[tuple[str, int, float]],
    cpu_used: float,
    own_used: float,
    machine_before: tuple[float, float],
    machine_after: tuple[float, float],
    load_before: float,
    load_after: float,
    acked: dict,
    check: dict,
) -> None:
    """Print the run's figures: the measured window's (samples), the ramp-up's apart, where the
    CPU went, and the writes acknowledged against those the database holds (check)."""
    latencies = [ms for _, _, ms in samples]
    errors = sum(1 for _, status, _ in samples + rampup if not (200 <= status < 400))
    print(f"users={len(data['trainees']) + len(data['managers'])}")
    print(f"trainees={len(data['trainees'])}")
    print(f"managers={len(data['managers'])}")
    print(f"ramp_s={args.ramp:.0f}")
    print(f"duration_s={elapsed:.0f}")
    print(f"gunicorn_workers={args.workers}")
    print(f"think_s={args.think}")
    print(f"requests={len(samples)}")
    print(f"rps={len(samples) / elapsed:.1f}")
    print(f"p50_ms={percentile(latencies, 50):.0f}")
    print(f"p95_ms={percentile(latencies, 95):.0f}")
    print(f"p99_ms={percentile(latencies, 99):.0f}")
    print(f"mean_ms={statistics.fmean(latencies) if latencies else 0:.0f}")
    print(f"max_ms={max(latencies, default=0):.0f}")
    print(f"slow_requests_over_1s={sum(1 for ms in latencies if ms > 1000)}")
    print(f"errors={errors}")
    print(f"requests_rampup={len(rampup)}")
    print(f"p95_ms_rampup={percentile([ms for _, _, ms in rampup], 95):.0f}")
    # CPU the web processes spent per request: what the app costs, whatever else the machine runs.
    print(f"server_cpu_ms_per_request={1000 * cpu_used / max(1, len(samples)):.1f}")
    # Where the machine's CPU went: the web processes, this load generator, and the rest
    # (PostgreSQL, Redis, the kernel). busy_pct is of all cores together.
    busy = machine_after[0] - machine_before[0]
    print(f"machine_cpu_busy_pct={100 * busy / max(1e-9, machine_after[1] - machine_before[1]):.0f}")
    print(f"loadgen_cpu_ms_per_request={1000 * own_used / max(1, len(samples)):.1f}")
    print(f"other_cpu_ms_per_request={1000 * (busy - cpu_used - own_used) / max(1, len(samples)):.1f}")
    print(f"loadavg_1m_before={load_before:.1f}")
    print(f"loadavg_1m_after={load_after:.1f}")
    print(f"answers_acknowledged={len(acked['answers'])}")
    print(f"lost_answers={check['lost_answers']}")
    print(f"attempts_submitted={len(acked['submitted'])}")
    print(f"submitted_attempts_not_finished={check['submitted_not_finished']}")
    print(f"writes_acknowledged={len(acked['lessons'])}")
    print(f"lost_writes={check['lost_writes']}")
    by_label = defaultdict(list)
    for label, _, ms in samples:
        by_label[label].append(ms)
    for label, values in sorted(by_label.items()):
        key = re.sub(r"[^a-z0-9]+", "_", label.lower()).strip("_")
        print(f"p95_ms_{key}={percentile(values, 95):.0f} n_{key}={len(values)}")
    status_counts = defaultdict(int)
    for _, status, _ in samples:
        status_counts[status] += 1
    print("statuses=" + ",".join(f"{k}:{v}" for k, v in sorted(status_counts.items())))
