"""`make bench`: print one `name: value` line per figure. Benchmarks never fail a build on time.

Each part runs even when one before it failed (its traceback goes to stderr, a `bench_error_<part>`
line to stdout, and the exit status is 1 at the end); `bench_seconds_<part>` and `bench_seconds_total`
say how long each part and the whole run took.
"""
import logging
import os
import sys
import time
import traceback

from bench import bigday_bench, import_bench, loans_bench, messages_bench, payments_bench, scan_bench, stack_bench

PARTS = (stack_bench, import_bench, scan_bench, bigday_bench, payments_bench, messages_bench, loans_bench)


def main() -> int:
    logging.disable(logging.WARNING)
    os.environ["POWERTOOLS_METRICS_DISABLED"] = "true"  # the functions' EMF lines would mix with the figures
    failed, started = [], time.perf_counter()
    for part in PARTS:
        name = part.__name__.rsplit(".", 1)[-1].removesuffix("_bench")
        part_started = time.perf_counter()
        try:
            figures = part.run()
        except Exception as exc:  # noqa: BLE001 - the other parts still run and print their figures
            traceback.print_exc()
            failed.append(name)
            figures = {f"bench_error_{name}": f"{type(exc).__name__}: {exc}".replace("\n", " ")}
        for figure, value in figures.items():
            print(f"{figure}: {value}", flush=True)
        print(f"bench_seconds_{name}: {time.perf_counter() - part_started:.1f}", flush=True)
    print(f"bench_seconds_total: {time.perf_counter() - started:.1f}", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
