"""Assemble the Exampleshire Constabulary RMS as a FastAPI application."""

from pathlib import Path
from typing import Any

from fastapi import FastAPI

from .. import __version__
from .db import Database
from .deps import RmsContext
from .faults import check_faults
from .http_errors import install as answer_errors_as_documented
from .routes import (
    audit,
    biometrics,
    case_actions,
    case_files,
    cases,
    crime_reports,
    disclosures,
    exceptional_disclosures,
    exports,
    health,
    mail,
    outbound,
    persons,
    recipient_register,
    recipients,
    referrals,
    retention,
    statistics,
    status_checks,
    subject_access,
    tasks,
)
from .routes.health import SYSTEM_NAME
from .seed import seed_once
from .users import register_tokens, token_holders

API_PREFIX = "/api/v1"


def create_app(
    db_path: Path,
    tokens: dict[str, str],
    faults: frozenset[str] = frozenset(),
    outbound_timeout: float = 5.0,
) -> FastAPI:
    """Open (creating and seeding if new) the database at ``db_path`` and build the app.

    ``tokens`` maps usernames from ``users.USERS`` to bearer tokens; ``faults`` are ids
    from ``faults.FAULTS`` (an unknown id raises ValueError). Export files are written
    to a directory beside the database. ``outbound_timeout`` bounds each outbound push.
    """
    active_faults = check_faults(faults)
    db_path = Path(db_path)
    db = Database(db_path)
    db.create_schema()
    with db.transaction() as conn:
        register_tokens(conn, tokens)
        seed_once(conn)
    exports_dir = db_path.with_name(f"{db_path.stem}-exports")
    exports_dir.mkdir(exist_ok=True)

    app = _routed(_SharedDocument)
    app.state.rms = RmsContext(
        db=db,
        exports_dir=exports_dir,
        faults=active_faults,
        outbound_timeout=outbound_timeout,
        holders=token_holders(tokens),
    )
    answer_errors_as_documented(app)
    return app


def openapi_document() -> dict[str, Any]:
    """The API's OpenAPI document, as every app this process builds with the route modules'
    own routes answers it (the database and faults sit behind them)."""
    return _routed(_SharedDocument).openapi()


# Each document made, by the routes it was made from: making one costs more than building the
# app, and a run asks for it once. An app given routes of its own is another key.
_documents: dict[tuple[tuple[str, ...], ...], dict[str, Any]] = {}


class _SharedDocument(FastAPI):
    """The app, answering with the document made once for its routes."""

    def openapi(self) -> dict[str, Any]:
        routes = tuple(
            (
                getattr(route, "path", ""),
                *sorted(getattr(route, "methods", None) or ()),
                getattr(getattr(route, "endpoint", None), "__module__", ""),
                getattr(getattr(route, "endpoint", None), "__qualname__", ""),
            )
            for route in self.routes
        )
        if routes not in _documents:
            _documents[routes] = super().openapi()
        return _documents[routes]


def _routed(kind: type[FastAPI]) -> FastAPI:
    app = kind(
        title=SYSTEM_NAME,
        version=__version__,
        description="Reference record-management system for firewall-conformance.",
        docs_url=None,
        redoc_url=None,
    )
    for module in (
        health,
        persons,
        cases,
        recipients,
        outbound,
        disclosures,
        status_checks,
        exports,
        audit,
        case_files,
        recipient_register,
        exceptional_disclosures,
        subject_access,
        tasks,
        mail,
        biometrics,
        referrals,
        crime_reports,
        case_actions,
        statistics,
        retention,
    ):
        app.include_router(module.router, prefix=API_PREFIX)
    return app
