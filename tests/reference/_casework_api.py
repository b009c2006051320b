"""A small HTTP client for the casework tests (tasks, mail, fingerprints, referrals, reports)."""

from __future__ import annotations

import uuid
from typing import Any

from _rms_client import RmsClient

from firewall_conformance.reference.server import ReferenceServer


class CaseworkApi(RmsClient):
    def __init__(self, server: ReferenceServer) -> None:
        super().__init__(server, "/api/v1")

    def ok(self, method: str, path: str, status: int = 200, **kwargs: Any) -> Any:
        response = self.call(method, path, **kwargs)
        assert response.status_code == status, response.text
        return response.json() if response.content else None

    def person(self, **fields: str) -> str:
        body = {"family_name": f"Canary{uuid.uuid4().hex[:10]}", **fields}
        return self.ok("POST", "/persons", 201, json=body)["person_id"]

    def case(self, offence: str = "Harassment", **roles: str) -> tuple[str, str]:
        """A case with persons by role name (victim=..., suspect=...); (case_id, reference)."""
        reference = f"TEST/{uuid.uuid4().hex[:8].upper()}"
        body = {
            "reference": reference,
            "offence": offence,
            "narrative": None,
            "involvements": [{"person_id": p, "role": r} for r, p in roles.items()],
        }
        return self.ok("POST", "/cases", 201, json=body)["case_id"], reference

    def audit(self) -> list[dict[str, Any]]:
        entries, after = [], 0
        while after is not None:
            page = self.ok("GET", "/audit", user="auditor", params={"after": after, "limit": 500})
            entries += page["items"]
            after = page["next_after"]
        return entries


def mentioning(entries: list[dict[str, Any]], action: str, identifier: str) -> list[dict[str, Any]]:
    return [
        e for e in entries if e["action"] == action and identifier in (e["object"] or "").split(",")
    ]
