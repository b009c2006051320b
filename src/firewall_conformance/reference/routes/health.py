"""Liveness: the one route that needs no token, so a harness can tell "down" from "denied"."""

from fastapi import APIRouter

from ... import __version__
from ..schemas import Health

SYSTEM_NAME = "Exampleshire Constabulary RMS"

router = APIRouter(tags=["health"])


@router.get("/health")
async def health() -> Health:
    return Health(status="ok", system=SYSTEM_NAME, version=__version__)
