"""moto's Cognito signing keys over real HTTP, for an app run in process (tests, benchmarks):
PyJWT fetches keys only over http/https, and moto's in-process Cognito serves none."""
import gzip
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import moto

MOTO_JWKS = Path(moto.__file__).parent / "cognitoidp" / "resources" / "jwks-public.json.gz"


def jwks_server() -> tuple[str, ThreadingHTTPServer]:
    """Serve the keys on a free local port: (the JWKS URL, the server to shut down)."""
    keys = gzip.decompress(MOTO_JWKS.read_bytes())

    class Keys(BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(keys)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Keys)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_port}/.well-known/jwks.json", server
