"""What the fake servers share: a loopback server and a reply that tolerates a client that went away."""

from __future__ import annotations

from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class _LoopbackServer(ThreadingHTTPServer):
    request_queue_size = 128  # many clients at once (load tests): the default backlog of 5 resets connections


def loopback_server(handler: type[BaseHTTPRequestHandler]) -> ThreadingHTTPServer:
    server = _LoopbackServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    return server


def respond(handler: BaseHTTPRequestHandler, status: int, data: bytes, content_type: str) -> None:
    try:
        handler.send_response(status)
        handler.send_header("Content-Type", content_type)
        handler.send_header("Content-Length", str(len(data)))
        handler.end_headers()
        handler.wfile.write(data)
    except (BrokenPipeError, ConnectionResetError):
        pass  # the client timed out and left; nothing to tell it
