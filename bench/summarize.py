#!/usr/bin/env python3
"""Summarizes bench/run's results.tsv: min/median/max per cell, server and metric, and each server's
median divided by Postfix's (by ours' when Postfix did not run: two builds of ours compared)."""
import csv
import statistics
import sys

METRICS = ["accept_rate", "e2e_rate", "data_p50_ms", "data_p99_ms", "txn_p99_ms", "cpu_ms_per_msg", "peak_pss_mib"]
ORDER = ["ours", "ours-b", "ours-pg", "ours-pg2", "postfix"]


def main(path):
    rows = list(csv.DictReader(open(path), delimiter="\t"))
    cells = []
    for row in rows:
        if row["cell"] not in cells:
            cells.append(row["cell"])
    present = {row["server"] for row in rows}
    servers = [s for s in ORDER if s in present] + sorted(present - set(ORDER))
    base = "postfix" if "postfix" in servers else "ours" if "ours" in servers and len(servers) > 1 else None
    others = [s for s in servers if s != base]
    header = f"{'cell':<10} {'metric':<15}" + "".join(f" {s + ' min/med/max':>26}" for s in servers)
    if base:
        header += "".join(f" {s + '/' + base:>16}" for s in others)
    print(header)
    for cell in cells:
        for metric in METRICS:
            medians = {}
            text = {}
            for server in servers:
                values = [float(r[metric]) for r in rows if r["cell"] == cell and r["server"] == server and r.get(metric)]
                if values:
                    medians[server] = statistics.median(values)
                    text[server] = f"{min(values):g}/{medians[server]:g}/{max(values):g}"
            if not text:
                continue
            line = f"{cell:<10} {metric:<15}" + "".join(f" {text.get(s, '-'):>26}" for s in servers)
            if base:
                for server in others:
                    ratio = ""
                    if server in medians and medians.get(base):
                        ratio = f"{medians[server] / medians[base]:.2f}"
                    line += f" {ratio:>16}"
            print(line)


if __name__ == "__main__":
    main(sys.argv[1])
