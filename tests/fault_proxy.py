"""A TCP proxy on 127.0.0.1 in front of a server (PostgreSQL, chroma) that can make it look paused or stopped.

- `pause()`: connections stay open and new ones are accepted, but no byte goes either way, as with a server
  stopped by SIGSTOP (the kernel still accepts; nothing answers);
- `stop()`: every connection is closed and new ones are refused, as with a server that is down;
- `resume()`: bytes flow again (and connections are accepted again after `stop`).
"""

from __future__ import annotations

import contextlib
import socket
import threading


class FaultProxy:
    def __init__(self, host: str, port: int) -> None:
        self.target = (host, port)
        self.flowing = threading.Event()
        self.flowing.set()
        self.stopped = False
        self.connections: list[socket.socket] = []
        self.lock = threading.Lock()
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if self.stopped:
                client.close()
                continue
            try:
                server = socket.create_connection(self.target)
            except OSError:
                client.close()
                continue
            with self.lock:
                self.connections += [client, server]
            for source, sink in ((client, server), (server, client)):
                threading.Thread(target=self._pipe, args=(source, sink), daemon=True).start()

    def _pipe(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                self.flowing.wait()
                if self.stopped:
                    break
                sink.sendall(data)
        except OSError:
            pass
        for end in (source, sink):
            with contextlib.suppress(OSError):
                end.shutdown(socket.SHUT_RDWR)

    def pause(self) -> None:
        self.flowing.clear()

    def stop(self) -> None:
        self.stopped = True
        with self.lock:
            for connection in self.connections:
                with contextlib.suppress(OSError):
                    connection.shutdown(socket.SHUT_RDWR)
            self.connections.clear()
        self.flowing.set()

    def resume(self) -> None:
        self.stopped = False
        self.flowing.set()

    def close(self) -> None:
        self.stop()
        self.listener.close()
