"""The outbound push job on a timer, as a real system runs its feeds: off unless asked for.

Tests use the trigger endpoint instead, which is deterministic. A failing run is logged and
the next one still happens: the scheduler thread never dies of a recipient's or a database's
error, and it stops promptly when the server does.
"""

import logging
import threading
from collections.abc import Callable

_log = logging.getLogger(__name__)


class Scheduler:
    """Calls ``job`` every ``interval`` seconds in a daemon thread until stopped."""

    def __init__(self, job: Callable[[], object], interval: float, name: str) -> None:
        self._job = job
        self._interval = interval
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._loop, name=name, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self, timeout: float) -> None:
        self._stopping.set()
        if self._thread.is_alive():
            self._thread.join(timeout)

    def _loop(self) -> None:
        while not self._stopping.wait(self._interval):
            try:
                self._job()
            except Exception:
                _log.exception("the scheduled outbound push failed; trying again next interval")
