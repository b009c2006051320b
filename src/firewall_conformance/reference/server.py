"""Run the reference RMS on a real socket in a background thread.

The harness talks to the reference system exactly as it talks to a vendor's: over HTTP.
The server binds its own socket before starting, so ``port=0`` yields a free port with
no race, and the base URL is known as soon as ``start`` returns. With
``outbound_interval`` the outbound push job also runs on a timer (off by default). Named
``mutants`` (``mutants.MUTANTS``, a self-test of the suite) wrap the app; none by default.

Two dialects serve the same records: ``api-v1`` (bearer tokens over plain HTTP) and
``casebook`` (casebook/: form sign-in, OAuth 2.0 and client certificates over HTTPS), whose
certificates are made at start beside the database.
"""

import secrets
import socket
import ssl
import tempfile
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from types import TracebackType
from typing import TypedDict

import uvicorn
from fastapi import FastAPI
from starlette.types import ASGIApp

from .app import create_app
from .casebook.accounts import CasebookSecrets
from .casebook.app import create_casebook
from .casebook.tls import TlsFiles, make_certificates
from .db import Database
from .faults import check_faults
from .mutants import check_mutants, wrap
from .outbound import push_all
from .scheduler import Scheduler
from .users import USERS

STARTUP_TIMEOUT = 10.0
SHUTDOWN_TIMEOUT = 10.0
# How long a stop waits for open connections and requests to end before it stops without
# them. A client's idle keep-alive connection over TLS is never seen to close, so without this
# every stop of a server that had served TLS waited out the whole SHUTDOWN_TIMEOUT.
GRACEFUL_SHUTDOWN_SECONDS = 1.0
API_V1, CASEBOOK = "api-v1", "casebook"
DIALECTS = (API_V1, CASEBOOK)
# Who gets a client certificate from a casebook server: every user, and the harness itself
# for what it asks as no account (the health check).
CERTIFICATE_HOLDERS = (*USERS, "harness")


class TlsSettings(TypedDict, total=False):
    """uvicorn's settings for serving over mutual TLS (none: plain HTTP)."""

    ssl_certfile: str
    ssl_keyfile: str
    ssl_ca_certs: str
    ssl_cert_reqs: int


def token_environment(tokens: dict[str, str]) -> dict[str, str]:
    """The api-v1 users' tokens under the variable names its profile reads
    (`ie-officer` -> FWC_TOKEN_IE_OFFICER)."""
    return {f"FWC_TOKEN_{user.upper().replace('-', '_')}": token for user, token in tokens.items()}


class ReferenceServer:
    """The Exampleshire Constabulary RMS, served by uvicorn in a daemon thread.

    Use as a context manager. Without ``tokens`` a random token is made for every user;
    without ``db_path`` the database lives in a temporary directory removed on stop. A
    casebook session lasts ``session_lifetime`` seconds, an OAuth token ``token_lifetime``.
    """

    def __init__(
        self,
        faults: Iterable[str] = (),
        port: int = 0,
        host: str = "127.0.0.1",
        tokens: dict[str, str] | None = None,
        db_path: Path | None = None,
        outbound_interval: float | None = None,
        outbound_timeout: float = 5.0,
        mutants: Iterable[str] = (),
        dialect: str = API_V1,
        session_lifetime: float = 900.0,
        token_lifetime: float = 300.0,
    ) -> None:
        if dialect not in DIALECTS:
            raise ValueError(f"unknown dialect {dialect!r}; known: {', '.join(DIALECTS)}")
        self.dialect = dialect
        self.session_lifetime = session_lifetime
        self.token_lifetime = token_lifetime
        self.casebook_secrets = CasebookSecrets()
        self.tls: TlsFiles | None = None
        self.faults = check_faults(faults)
        self.mutants = check_mutants(mutants)
        if outbound_interval is not None and outbound_interval <= 0:
            raise ValueError("the outbound interval must be a positive number of seconds")
        self.outbound_interval = outbound_interval
        self.outbound_timeout = outbound_timeout
        self.host = host
        self.port = port
        self.tokens = (
            dict(tokens) if tokens is not None else {u: secrets.token_urlsafe(24) for u in USERS}
        )
        self.db_path = db_path
        self._tempdir: tempfile.TemporaryDirectory[str] | None = None
        self._database: Database | None = None
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self._socket: socket.socket | None = None
        self._scheduler: Scheduler | None = None

    @property
    def base_url(self) -> str:
        """``http://HOST:PORT`` of the running server (loopback if bound to all interfaces)."""
        host = {"0.0.0.0": "127.0.0.1", "::": "::1"}.get(self.host, self.host)
        scheme = "https" if self.dialect == CASEBOOK else "http"
        return f"{scheme}://{f'[{host}]' if ':' in host else host}:{self.port}"

    @property
    def directory(self) -> Path | None:
        """The folder holding the database (and a casebook's certificates) while running."""
        if self._tempdir is not None:
            return Path(self._tempdir.name)
        return None if self.db_path is None else Path(self.db_path).parent

    def environment(self) -> dict[str, str]:
        """The secrets a client needs, under the variable names this dialect's profile reads."""
        if self.dialect == CASEBOOK:
            return self.casebook_secrets.environment()
        return token_environment(self.tokens)

    def _served(self, app: FastAPI, db_path: Path) -> tuple[ASGIApp, TlsSettings]:
        """The application to serve and uvicorn's TLS settings for this dialect."""
        records = wrap(app, self.mutants, self.tokens)
        if self.dialect != CASEBOOK:
            return records, {}
        self.tls = make_certificates(db_path.parent, list(CERTIFICATE_HOLDERS))
        casebook = create_casebook(
            records,
            self.tokens,
            self.casebook_secrets,
            self.session_lifetime,
            self.token_lifetime,
        )
        return casebook, {
            "ssl_certfile": str(self.tls.server_cert),
            "ssl_keyfile": str(self.tls.server_key),
            "ssl_ca_certs": str(self.tls.ca),
            "ssl_cert_reqs": ssl.CERT_REQUIRED,
        }

    def start(self) -> None:
        """Bind, start serving in a daemon thread and wait until the server accepts."""
        if self.db_path is None:
            self._tempdir = tempfile.TemporaryDirectory(prefix="exampleshire-rms-")
            db_path = Path(self._tempdir.name) / "rms.sqlite3"
        else:
            db_path = Path(self.db_path)
        try:
            app = create_app(db_path, self.tokens, self.faults, self.outbound_timeout)
            self._database = app.state.rms.db
            family = socket.AF_INET6 if ":" in self.host else socket.AF_INET
            # IPPROTO_TCP explicitly: asyncio only sets TCP_NODELAY on accepted sockets
            # whose proto says TCP, and without it keep-alive requests stall ~40 ms.
            self._socket = sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind((self.host, self.port))
            sock.listen()
            self.port = sock.getsockname()[1]
            served, tls = self._served(app, db_path)
            config = uvicorn.Config(
                served, log_config=None, log_level="warning", access_log=False, **tls
            )
            self._server = uvicorn.Server(config)
            self._thread = threading.Thread(
                target=self._server.run,
                kwargs={"sockets": [sock]},
                name=f"exampleshire-rms-{self.port}",
                daemon=True,
            )
            self._thread.start()
            self._wait_until_started()
            if self.outbound_interval is not None:
                rms = app.state.rms
                self._scheduler = Scheduler(
                    lambda: push_all(rms, "outbound-scheduler"),
                    self.outbound_interval,
                    name=f"exampleshire-rms-outbound-{self.port}",
                )
                self._scheduler.start()
        except BaseException:
            self.stop()
            raise

    def _wait_until_started(self) -> None:
        assert self._server is not None and self._thread is not None
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while not self._server.started:
            if not self._thread.is_alive():
                raise RuntimeError("the reference server exited during start-up")
            if time.monotonic() > deadline:
                raise RuntimeError(f"the reference server did not start in {STARTUP_TIMEOUT} s")
            time.sleep(0.01)

    def stop(self) -> None:
        """Stop serving, join the threads (bounded) and remove a temporary database."""
        if self._scheduler is not None:
            self._scheduler.stop(SHUTDOWN_TIMEOUT)
            self._scheduler = None
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(GRACEFUL_SHUTDOWN_SECONDS)
            if self._server is not None and self._thread.is_alive():
                self._server.force_exit = True
            self._thread.join(SHUTDOWN_TIMEOUT)
        if self._socket is not None:
            self._socket.close()
        self._server = self._thread = self._socket = None
        if self._database is not None:
            self._database.close()
            self._database = None
        if self._tempdir is not None:
            self._tempdir.cleanup()
            self._tempdir = None

    def serve_forever(self, on_ready: Callable[["ReferenceServer"], None] | None = None) -> None:
        """Serve until interrupted (Ctrl-C); ``on_ready`` runs once the server accepts."""
        with self:
            if on_ready is not None:
                on_ready(self)
            try:
                while self._thread is not None and self._thread.is_alive():
                    self._thread.join(0.5)
            except KeyboardInterrupt:
                pass

    def __enter__(self) -> "ReferenceServer":
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()
