"""`make scan TODAY=YYYY-MM-DD`: run the daily scan once against the running local stack.

chalice local never fires schedules, so this invokes the same scheduled function the
EventBridge rule invokes in AWS, with `today` in the event, then works the messages queue (as
the worker Lambda does) until the sends it planned are done. Prints one JSON line (the figures) to
stdout; the function's own output, its JSON log lines and EMF metric lines, goes to stderr.
"""
import argparse
import json
import sys
from contextlib import redirect_stdout

from local.stack import STATE, use_environment
from local.worker import until_sent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--today", default="", help="YYYY-MM-DD (default: today in Dhaka)")
    args = parser.parse_args()
    if not STATE.exists():
        sys.exit("The local stack is not running: start it with `make run` first.")
    use_environment(json.loads(STATE.read_text()))
    import app  # noqa: F401  (registers the functions with their middleware, as Lambda's import of app.py does)
    from chalicelib.handlers import jobs
    event = {"version": "0", "id": "make-scan", "detail-type": "Scheduled Event", "source": "aws.events",
             "account": "123456789012", "time": "1970-01-01T00:00:00Z", "region": "ap-southeast-1",
             "resources": [], "detail": {"today": args.today} if args.today else {}}
    with redirect_stdout(sys.stderr):  # EMF lines are printed; the one line on stdout is the figures
        figures = jobs.daily_scan(event, None)
        figures = until_sent(figures["run"])  # the queue worked until the scan's sends are done
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
