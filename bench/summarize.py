#!/usr/bin/env python3
"""Collects the figures bench/run's programs wrote (JSON lines) into bench/results/summary.json and the table
of bench/results/summary.md, adding the date and the machine. Usage: summarize.py FIGURES.jsonl RESULTS_DIR"""
import datetime
import json
import os
import re
import subprocess
import sys


def machine():
    jdk = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()
    pg = subprocess.run(["psql", "-h", os.environ.get("PG_HOST", "127.0.0.1"), "-U", "postgres", "-tAc", "show server_version",
                         "postgres"], capture_output=True, text=True).stdout.strip()
    load = os.getloadavg()[0]
    return {"cores": os.cpu_count(), "jdk": jdk[1] if len(jdk) > 1 else jdk[0], "postgresql": pg,
            "loadAverageAtEnd": round(load, 2),
            "note": "shared machine (other sessions build code on the same 2 cores): absolute figures vary with load; "
                    "each ratio is against a baseline measured in the same run"}


def main(lines_file, results):
    date = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    host = machine()
    figures = []
    with open(lines_file) as f:
        for line in f:
            if line.strip():
                figure = json.loads(line)
                figure.update(date=date, machine=host)
                figures.append(figure)
    # A subset run (ONLY=...) replaces the figures it measured and keeps the others, each with its own date and machine.
    measured = {fig["name"] for fig in figures}
    path = os.path.join(results, "summary.json")
    if os.path.exists(path):
        with open(path) as f:
            kept = [fig for fig in json.load(f) if fig["name"] not in measured]
        figures = kept + figures
    with open(path, "w") as f:
        json.dump(figures, f, indent=2, ensure_ascii=False)
        f.write("\n")
    table = ["| benchmark | figure | baseline (same run) | ratio | goal | sizes | run (load avg at end) |",
             "|---|---|---|---|---|---|---|"]
    for fig in figures:
        table.append("| {name} | {figure:,.1f} {unit} | {baseline:,.1f} {unit} ({baselineName}) | {ratio:.2f} | {goal} | {sizes} | {run} |"
                     .format(run=f"{fig['date']} ({fig['machine']['loadAverageAtEnd']})", **fig))
    block = "\n".join(["<!-- figures: written by bench/run -->",
                       f"Latest run {date}: {host['cores']} cores, {host['jdk']}, PostgreSQL {host['postgresql']}, "
                       f"load average {host['loadAverageAtEnd']} at the end. {host['note']}.", "", *table,
                       "<!-- end figures -->"])
    path = os.path.join(results, "summary.md")
    text = open(path).read() if os.path.exists(path) else "# Benchmark results\n\n<!-- figures: -->\n<!-- end figures -->\n"
    # Only the generated block is replaced: the before/after notes around it are written by hand.
    text = re.sub(r"<!-- figures:.*?<!-- end figures -->", lambda m: block, text, flags=re.S)
    with open(path, "w") as f:
        f.write(text)
    print("\n".join(table))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
