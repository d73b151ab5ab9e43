"""A small pre-forking, threaded WSGI server for benchmarks, shaped like gunicorn's gthread
worker: PROCESSES processes share one listening socket, each with a fixed pool of THREADS
threads that keep their database connections between requests.

    DJANGO_SETTINGS_MODULE=bench.api_settings python -m bench.wsgi_server --port 8001

Stop it by signalling its process group (bench/api.py starts it in a new session).
"""

from __future__ import annotations

import argparse
import os
import sys
from concurrent.futures import ThreadPoolExecutor
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        pass


class PooledWSGIServer(WSGIServer):
    request_queue_size = 256
    threads = 4
    pool: ThreadPoolExecutor | None = None

    def process_request(self, request, client_address) -> None:
        if self.pool is None:  # created after the fork: threads do not survive one
            self.pool = ThreadPoolExecutor(max_workers=self.threads, thread_name_prefix="wsgi")
        self.pool.submit(self._handle, request, client_address)

    def _handle(self, request, client_address) -> None:
        try:
            self.finish_request(request, client_address)
        except Exception:  # noqa: BLE001 - report and keep serving, as socketserver does
            self.handle_error(request, client_address)
        finally:
            self.shutdown_request(request)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.api_settings")
    from django.core.wsgi import get_wsgi_application

    # Loaded before forking (shared, copy-on-write); no database connection is open yet.
    application = get_wsgi_application()
    PooledWSGIServer.threads = args.threads
    server = PooledWSGIServer((args.host, args.port), QuietHandler)
    server.set_app(application)
    for _ in range(args.processes - 1):
        if os.fork() == 0:
            break
    print(f"pid {os.getpid()} serving on http://{args.host}:{args.port}/", flush=True)
    server.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
