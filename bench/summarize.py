#!/usr/bin/env python3
"""Summarizes bench/run's results.tsv: min/median/max per cell, server and metric, and ours/Postfix of the medians."""
import csv
import statistics
import sys

METRICS = ["accept_rate", "e2e_rate", "data_p50_ms", "data_p99_ms", "txn_p99_ms", "cpu_ms_per_msg", "peak_pss_mib"]


def main(path):
    rows = list(csv.DictReader(open(path), delimiter="\t"))
    cells = []
    for row in rows:
        if row["cell"] not in cells:
            cells.append(row["cell"])
    print(f"{'cell':<10} {'metric':<15} {'ours min/med/max':>26} {'postfix min/med/max':>26} {'ours/postfix':>12}")
    for cell in cells:
        for metric in METRICS:
            medians = {}
            text = {}
            for server in ("ours", "postfix"):
                values = [float(r[metric]) for r in rows if r["cell"] == cell and r["server"] == server and r.get(metric)]
                if values:
                    medians[server] = statistics.median(values)
                    text[server] = f"{min(values):g}/{medians[server]:g}/{max(values):g}"
            if not text:
                continue
            ratio = ""
            if len(medians) == 2 and medians["postfix"]:
                ratio = f"{medians['ours'] / medians['postfix']:.2f}"
            print(f"{cell:<10} {metric:<15} {text.get('ours', '-'):>26} {text.get('postfix', '-'):>26} {ratio:>12}")


if __name__ == "__main__":
    main(sys.argv[1])
