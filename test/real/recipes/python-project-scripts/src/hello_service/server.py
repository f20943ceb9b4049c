"""An HTTP service on the standard library, installed with a console script."""
import os
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Hello(BaseHTTPRequestHandler):
    def do_GET(self):
        body = b"Hello from a Python package\n"
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def main():
    port = int(os.environ.get("PORT", "8000"))
    print(f"serving on {port}", flush=True)
    ThreadingHTTPServer(("0.0.0.0", port), Hello).serve_forever()


if __name__ == "__main__":
    main()
