"""The local stack: moto stands in for AWS, `chalice local` serves the API.

    python -m local.stack            # what `make run` does
Starts moto's server, creates the resources of infra/resources.json on it, loads demo
officers and societies, publishes web/ to the site bucket and serves the API, until Ctrl-C.
"""
import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
STATE = Path(os.environ.get("SAMABAY_STATE") or ROOT / ".local" / "env.json")
REGION = "ap-southeast-1"
UNBUFFERED = {"PYTHONUNBUFFERED": "1"}  # each log and EMF line shows as it is written
FAKE_CREDENTIALS = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
                    "AWS_SESSION_TOKEN": "testing", "AWS_DEFAULT_REGION": REGION, "AWS_REGION": REGION}


def wait_for_port(port: int, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError(f"nothing is listening on 127.0.0.1:{port}")


def port_free(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) != 0


def start_moto(port: int) -> subprocess.Popen:
    if not port_free(port):
        raise SystemExit(f"port {port} is taken; stop what uses it or pass --moto-port")
    process = subprocess.Popen([sys.executable, "-m", "local.moto_server", "-H", "127.0.0.1", "-p", str(port)],
                               cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_for_port(port)
    return process


def use_environment(env: dict) -> None:
    """Point this process's boto3 at the stack."""
    from chalicelib.store import aws
    os.environ.update(env)
    aws.reset()


def create_schedules(region: str) -> list[str]:
    """The app's EventBridge rules on moto, from the same @schedule declarations AWS gets.

    moto records rules but never fires them, as chalice local never runs schedules:
    `make scan` invokes the scheduled function instead.
    """
    import boto3
    from chalice.app import ScheduledEventConfig

    from app import app

    events, names = boto3.client("events", region_name=region), []
    for source in app.event_sources:
        if isinstance(source, ScheduledEventConfig):
            expression = source.schedule_expression
            events.put_rule(Name=f"samabay-{source.name}", State="ENABLED", Description=source.description or "",
                            ScheduleExpression=expression if isinstance(expression, str) else expression.to_string())
            names.append(f"samabay-{source.name}")
    return names


def bkash_environment(moto_port: int, api_port: int, bkash_port: int, site_bucket: str) -> dict:
    """Where the app finds bKash (the simulator), the SNS signing certificate, itself and the site."""
    bkash = f"http://127.0.0.1:{bkash_port}"
    return {"BKASH_BASE_URL": bkash, "SNS_CERT_MIRROR": bkash, "PUBLIC_API_URL": f"http://127.0.0.1:{api_port}",
            "SITE_URL": f"http://127.0.0.1:{moto_port}/{site_bucket}"}


def start_bkash(port: int, api_port: int):
    """The bKash sandbox simulator, in this process; its IPNs go to the local API."""
    from local.bkash_sim import serve
    if not port_free(port):
        raise SystemExit(f"port {port} is taken; stop what uses it or pass --bkash-port")
    server, sim = serve(port=port, ipn_url=f"http://127.0.0.1:{api_port}/api/payments/bkash/ipn")
    return server


def provision_stack(moto_port: int, api_port: int, demo: bool = True, state: Path | None = STATE,
                    bkash_port: int = 8100) -> dict:
    from local import demo as demo_data
    from local.provision import provision
    from local.site import publish_site
    from chalicelib.handlers.common import dhaka_today, utc_now

    endpoint = f"http://127.0.0.1:{moto_port}"
    os.environ.update(FAKE_CREDENTIALS, AWS_ENDPOINT_URL=endpoint)
    env = {**FAKE_CREDENTIALS, **provision(REGION, endpoint)}
    env.update(bkash_environment(moto_port, api_port, bkash_port, env["SITE_BUCKET"]))
    use_environment(env)
    demo_data.create_users(env["USER_POOL_ID"], REGION)
    demo_data.create_offices()
    create_schedules(REGION)
    if demo:
        demo_data.create_societies(dhaka_today())
        demo_data.create_products(utc_now())
        demo_data.create_site_content(utc_now())
        demo_data.create_loans(dhaka_today(), utc_now())
    publish_site(env["SITE_BUCKET"], f"http://127.0.0.1:{api_port}", REGION)
    if state:
        state.parent.mkdir(exist_ok=True)
        state.write_text(json.dumps(env, indent=2))
    return env


def start_api(env: dict, port: int, log: Path | None = None) -> subprocess.Popen:
    """chalice local; its output (the functions' JSON log lines on stderr, EMF metric lines on stdout)
    goes to `log`, or else to this process's own output (`make run` prints it)."""
    if not port_free(port):
        raise SystemExit(f"port {port} is taken; stop what uses it or pass --api-port")
    output = log.open("ab") if log else None
    process = subprocess.Popen([str(VENV_BIN / "chalice"), "local", "--host", "127.0.0.1", "--port", str(port),
                                "--no-autoreload", "--stage", "dev"],
                               cwd=ROOT, env={**os.environ, **env, **UNBUFFERED}, stdout=output, stderr=output)
    wait_for_port(port)
    return process


WORKER: dict = {}  # "process": the running queue worker (local/worker.py); a test may kill and restart it


def start_worker(env: dict, log: Path | None = None, extra_env: dict | None = None) -> subprocess.Popen:
    """The messages queue's worker as its own process (so it can be killed with SIGKILL); its output
    (log and EMF lines) to `log`, or else to this process's own output."""
    output = log.open("ab") if log else None
    process = subprocess.Popen([sys.executable, "-m", "local.worker"], cwd=ROOT,
                               env={**os.environ, **env, **UNBUFFERED, **(extra_env or {})},
                               stdout=output, stderr=output)
    WORKER["process"] = process
    return process


@contextmanager
def running_stack(moto_port: int = 5000, api_port: int = 8000, demo: bool = True, state: Path | None = STATE,
                  api_log: Path | None = None, bkash_port: int = 8100):
    """The whole stack, stopped again when the block ends; API access log to `api_log` if given."""
    processes = [start_moto(moto_port)]
    bkash = None
    try:
        bkash = start_bkash(bkash_port, api_port)
        env = provision_stack(moto_port, api_port, demo, state, bkash_port)
        processes.append(start_api(env, api_port, api_log))
        start_worker(env, api_log.with_name("worker.log") if api_log else None)
        yield env
    finally:
        if WORKER.get("process"):  # the one running now (a test may have replaced the first)
            worker = WORKER.pop("process")
            worker.kill()
            worker.wait(timeout=10)
        if bkash:
            bkash.shutdown()
        if state:
            state.unlink(missing_ok=True)  # `make scan` then says the stack is not running
        for process in reversed(processes):
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


RECONCILE_SECONDS = int(os.environ.get("SAMABAY_RECONCILE_SECONDS", "300"))


def reconcile_payments() -> None:
    """The scheduled function, as EventBridge invokes it (its log and metric lines print here)."""
    from chalicelib.handlers.payments import reconcile_payments as scheduled
    from chalicelib.observability import logger
    from local.worker import schedule_event
    try:
        scheduled(schedule_event(), None)
    except Exception:  # noqa: BLE001 - a failed run is retried at the next tick, as in AWS
        logger.exception("reconciler failed; the next tick runs it again")


def main() -> None:
    from local.demo import DEMO_PASSWORD, DEMO_USERS

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--moto-port", type=int, default=5000)
    parser.add_argument("--api-port", type=int, default=8000)
    parser.add_argument("--bkash-port", type=int, default=8100)
    parser.add_argument("--no-demo", action="store_true", help="no demo societies (officers are still created)")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    with running_stack(args.moto_port, args.api_port, not args.no_demo, bkash_port=args.bkash_port) as env:
        print(f"""
Samabay is running.
  Site (public + officer pages): http://127.0.0.1:{args.moto_port}/{env['SITE_BUCKET']}/index.html
  API:                           http://127.0.0.1:{args.api_port}/api/health
  Marketplace:                   http://127.0.0.1:{args.moto_port}/{env['SITE_BUCKET']}/market.html
  bKash sandbox simulator:       http://127.0.0.1:{args.bkash_port}  (wallet 01770618575, OTP 123456, PIN 12121)
  AWS stand-in (moto):           http://127.0.0.1:{args.moto_port}  (sent SMS: /moto-api/data.json)
  SMS queue worker:              local/worker.py (bulk sends; waiting jobs start at 09:00 Dhaka)
  Demo logins (password {DEMO_PASSWORD}):""")
        for username, role, office, what in DEMO_USERS:
            print(f"    {username:<10} {role:<9} office {office or '-':<7} {what}")
        print("  Run the daily scan:  make scan TODAY=YYYY-MM-DD    Stop: Ctrl-C\n", flush=True)
        try:
            while True:  # chalice local fires no schedules: run the payment reconciler as EventBridge would
                time.sleep(RECONCILE_SECONDS)
                reconcile_payments()
        except KeyboardInterrupt:
            print("stopping")


if __name__ == "__main__":
    main()
