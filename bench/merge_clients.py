#!/usr/bin/env python3
"""Merges the result lines of load clients that ran at once (one per node) into one line of the same
form: counts added, the time from the first start to the last end, the rate over that time, and the
largest of each latency percentile (an upper bound; the clients' histograms are not merged)."""
import shlex
import sys


def parse(path):
    with open(path) as f:
        line = f.read().strip().splitlines()[-1]
    return dict(token.split("=", 1) for token in shlex.split(line))


def main(paths):
    results = [parse(path) for path in paths]
    start = min(int(r["start_ms"]) for r in results)
    end = max(int(r["start_ms"]) + float(r["seconds"]) * 1000 for r in results)
    accepted = sum(int(r["accepted"]) for r in results)
    seconds = max(end - start, 1) / 1000.0
    merged = {
        "start_ms": str(start),
        "accepted": str(accepted),
        "failed": str(sum(int(r["failed"]) for r in results)),
        "seconds": f"{seconds:.3f}",
        "rate": f"{accepted / seconds:.1f}",
    }
    for key in results[0]:
        if key.endswith("_ms") and key != "start_ms":
            merged[key] = str(max(float(r[key]) for r in results))
    errors = [r.get("first_error", "") for r in results if r.get("first_error")]
    merged["first_error"] = '"' + (errors[0] if errors else "") + '"'
    print(" ".join(f"{key}={value}" for key, value in merged.items()))


if __name__ == "__main__":
    main(sys.argv[1:])
