"""`make bench`: print one `name: value` line per figure. Benchmarks never fail a build."""
import logging
import sys

from bench import import_bench, messages_bench, payments_bench, scan_bench, stack_bench


def main() -> None:
    logging.disable(logging.WARNING)
    for run in (stack_bench.run, import_bench.run, scan_bench.run, payments_bench.run, messages_bench.run):
        for name, value in run().items():
            print(f"{name}: {value}", flush=True)


if __name__ == "__main__":
    sys.exit(main())
