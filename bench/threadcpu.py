#!/usr/bin/env python3
"""CPU time per thread group of processes, between two snapshots of /proc (bench/run's THREADS=1).

  threadcpu.py snapshot OUT PID...   writes the processes' per-thread CPU times, and PostgreSQL's, to OUT (JSON)
  threadcpu.py report START END      prints, per process, the CPU seconds of each thread group between the snapshots

Thread names come from /proc/PID/task/TID/comm (15 characters); numbers are folded into '#' so that a pool is one
group ("executor-thread-3" -> "executor-thread-#"). Threads that ended between the snapshots are counted in the
process's total (its /proc/PID/stat includes them), shown as "(ended threads)". PostgreSQL's processes are one group
per backend type (its process title, e.g. "postgres: 15/main: postgres bench_audit 127.0.0.1(...) idle" -> "backend bench_audit").
"""
import json
import os
import re
import sys

TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(stat_path):
    with open(stat_path) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime, stime (fields 14 and 15 of stat)


def group(name):
    return re.sub(r"\d+", "#", name.strip())


def java_process(pid):
    threads = {}
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{tid}/comm") as f:
                name = f.read().strip()
            threads[tid] = [name, cpu_seconds(f"/proc/{pid}/task/{tid}/stat")]
        except OSError:
            pass  # the thread ended while we looked
    with open(f"/proc/{pid}/cmdline") as f:
        cmd = f.read().replace("\0", " ")
    service = re.search(r"(\S+)/target/quarkus-app/quarkus-run\.jar", cmd)
    label = os.path.basename(service.group(1)) if service else "keycloak" if "keycloak" in cmd else cmd[:60]
    return {"label": label, "total": cpu_seconds(f"/proc/{pid}/stat"), "threads": threads}


def postgres():
    groups = {}
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open(f"/proc/{pid}/cmdline") as f:
                title = f.read().replace("\0", " ").strip()
            if not title.startswith("postgres"):
                continue
            backend = re.match(r"postgres: (?:\S+: )?\S+ (\S+) \d+\.\d+\.\d+\.\d+", title)
            name = f"backend {backend.group(1)}" if backend else group(title.split(":")[-1])
            groups.setdefault(name, {})[pid] = cpu_seconds(f"/proc/{pid}/stat")
        except OSError:
            pass
    return groups


def machine_busy():
    with open("/proc/stat") as f:
        ticks = [int(t) for t in f.readline().split()[1:]]
    return (sum(ticks[:8]) - ticks[3] - ticks[4]) / TICKS  # all but idle and iowait


def snapshot(out, pids):
    processes = {}
    for pid in pids:
        try:
            processes[pid] = java_process(pid)
        except OSError:
            pass
    with open(out, "w") as f:
        json.dump({"machine": machine_busy(), "processes": processes, "postgres": postgres()}, f)


def report(start_path, end_path):
    start, end = (json.load(open(p)) for p in (start_path, end_path))
    print(f"machine: {end['machine'] - start['machine']:.2f} CPU-s busy (all processes)")
    for pid, after in end["processes"].items():
        before = start["processes"].get(pid)
        if before is None:
            continue
        total = after["total"] - before["total"]
        groups = {}
        for tid, (name, seconds) in after["threads"].items():
            was = before["threads"].get(tid, [name, 0.0])[1]
            groups[group(name)] = groups.get(group(name), 0.0) + seconds - was
        ended = total - sum(groups.values())
        if abs(ended) >= 0.01:
            groups["(ended threads)"] = ended
        print(f"{after['label']} (pid {pid}): {total:.2f} CPU-s")
        for name, seconds in sorted(groups.items(), key=lambda g: -g[1]):
            if seconds >= 0.01:
                print(f"  {seconds:8.2f}  {100 * seconds / total if total else 0:5.1f} %  {name}")
    pg = {}
    for name, procs in end["postgres"].items():
        for pid, seconds in procs.items():
            was = start["postgres"].get(name, {}).get(pid)
            # A backend that started after the first snapshot used all its time in between.
            pg[name] = pg.get(name, 0.0) + seconds - (was if was is not None else 0.0)
    total = sum(pg.values())
    print(f"PostgreSQL (processes alive at the end): {total:.2f} CPU-s")
    for name, seconds in sorted(pg.items(), key=lambda g: -g[1]):
        if seconds >= 0.01:
            print(f"  {seconds:8.2f}  {name}")


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "snapshot":
        snapshot(sys.argv[2], sys.argv[3:])
    elif len(sys.argv) == 4 and sys.argv[1] == "report":
        report(sys.argv[2], sys.argv[3])
    else:
        sys.exit(__doc__)
