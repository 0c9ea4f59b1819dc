"""Run the app under uvicorn with limits against slow and greedy clients (slowloris).

uvicorn times out only idle keep-alive connections: a client that sends its headers one byte at a
time, or never finishes its body, holds a connection (and a file descriptor) for ever. Here every
connection gets a deadline for the whole of each request's headers (counted from the connection, or
from the previous answer) and another for its body; an idle keep-alive connection is closed after a
few seconds; and at most `max_connections` are open at once: beyond that the oldest connection still
waiting for a request is closed to make room, else the new one is refused.
Behind a reverse proxy (README, "Deployment") the proxy buffers requests and these limits rarely bite.
"""
from __future__ import annotations

from dataclasses import dataclass

from uvicorn.protocols.http.h11_impl import H11Protocol


@dataclass(frozen=True)
class Limits:
    header_timeout: float = 10.0      # seconds to send a request's line and headers
    body_timeout: float = 30.0        # seconds to send its body, once the headers are in
    idle_timeout: int = 5             # seconds a keep-alive connection may wait for its next request
    max_connections: int = 1000       # open connections at once (keep it under `ulimit -n`)
    max_header_bytes: int = 16 * 1024


class GuardedH11Protocol(H11Protocol):
    """uvicorn's h11 protocol with a deadline on each request's reception and a cap on connections."""
    limits = Limits()

    def connection_made(self, transport) -> None:
        super().connection_made(transport)
        self._deadline = None
        self._waiting = True          # waiting for a request's headers (evictable)
        self._since = self.loop.time()
        if len(self.connections) > self.limits.max_connections and not self._make_room():
            self.transport.abort()
            return
        self._arm(self.limits.header_timeout)

    def _make_room(self) -> bool:
        """Close the oldest connection that has not sent a whole request line and headers yet."""
        waiting = [c for c in self.connections if c is not self and getattr(c, "_waiting", False)]
        if not waiting:
            return False
        min(waiting, key=lambda c: c._since).transport.abort()
        return True

    def _arm(self, seconds: float | None) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
        self._deadline = self.loop.call_later(seconds, self._expire) if seconds else None

    def _expire(self) -> None:
        self._deadline = None
        if not self.transport.is_closing():
            self.transport.abort()   # the app, if running, sees a disconnect

    def handle_events(self) -> None:
        cycle = self.cycle
        super().handle_events()
        if self.cycle is not cycle and self.cycle is not None:     # a request's headers are complete
            self._waiting = False
            self._arm(self.limits.body_timeout if self.cycle.more_body else None)
        elif not self._waiting and self.cycle is not None and not self.cycle.more_body:
            self._arm(None)                                        # its body is complete

    def on_response_complete(self) -> None:
        if not self.transport.is_closing():   # before uvicorn starts a pipelined next request
            self._waiting = True
            self._since = self.loop.time()
            self._arm(self.limits.header_timeout)
        super().on_response_complete()

    def connection_lost(self, exc) -> None:
        self._arm(None)
        super().connection_lost(exc)


def protocol_with(limits: Limits) -> type[GuardedH11Protocol]:
    return type("GuardedH11Protocol", (GuardedH11Protocol,), {"limits": limits})


def serve(app, host: str, port: int, limits: Limits = Limits(), **options) -> None:
    """Serve `app` until interrupted (uvicorn, h11, the limits above)."""
    import uvicorn

    uvicorn.run(app, **uvicorn_options(host, port, limits), **options)


def uvicorn_options(host: str, port: int, limits: Limits = Limits()) -> dict:
    return {"host": host, "port": port, "http": protocol_with(limits), "timeout_keep_alive": limits.idle_timeout,
            "h11_max_incomplete_event_size": limits.max_header_bytes, "log_level": "warning"}
