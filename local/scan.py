"""`make scan TODAY=YYYY-MM-DD`: run the daily scan once against the running local stack.

chalice local never fires schedules, so this invokes the same scheduled function the
EventBridge rule invokes in AWS, with `today` in the event, then works the messages queue (as
the worker Lambda does) until the sends it planned are done. Prints one JSON line.
"""
import argparse
import json
import sys

from local.stack import STATE, use_environment
from local.worker import until_sent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--today", default="", help="YYYY-MM-DD (default: today in Dhaka)")
    args = parser.parse_args()
    if not STATE.exists():
        sys.exit("The local stack is not running: start it with `make run` first.")
    use_environment(json.loads(STATE.read_text()))
    from chalicelib.handlers import jobs
    event = {"version": "0", "id": "make-scan", "detail-type": "Scheduled Event", "source": "aws.events",
             "account": "123456789012", "time": "1970-01-01T00:00:00Z", "region": "ap-southeast-1",
             "resources": [], "detail": {"today": args.today} if args.today else {}}
    figures = jobs.daily_scan(event, None)
    print(json.dumps(until_sent(figures["run"])))  # the queue worked until the scan's sends are done


if __name__ == "__main__":
    main()
