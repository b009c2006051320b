"""Which adapter opens a profile: one registry keyed by the profile's kind.

`http` (a declarative target profile) and `offline` (an export bundle) are built in. A vendor
whose system needs code (SOAP, a message queue, multi-step workflows) ships a distribution that
names an adapter in the `firewall_conformance.adapters` entry point group: the entry point's
name is the kind a profile gives as `kind:`, its object a callable taking the profile and the
Opening and giving an `Adapter` (usually the adapter class itself). A distribution cannot
replace a built-in kind, and two cannot claim one kind: either would decide silently which
code reaches the system.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib.metadata import EntryPoint, entry_points
from pathlib import Path
from typing import Any

from firewall_conformance.inputs.documents import InvalidDocument, load_yaml
from firewall_conformance.offline.profile import BundleProfile
from firewall_conformance.targets.adapter import Adapter
from firewall_conformance.targets.adapter_profile import AdapterProfile, adapter_profile
from firewall_conformance.targets.http import HttpTarget
from firewall_conformance.targets.offline import OfflineTarget
from firewall_conformance.targets.opening import AdapterError, Opening
from firewall_conformance.targets.profile import TargetProfile, load_profile

ENTRY_POINT_GROUP = "firewall_conformance.adapters"

Profile = TargetProfile | BundleProfile | AdapterProfile
Opener = Callable[[Any, Opening], object]

BUILT_IN: dict[str, Opener] = {
    HttpTarget.kind: HttpTarget.opened,
    OfflineTarget.kind: OfflineTarget.opened,
}


def _registered() -> dict[str, EntryPoint]:
    """The kinds installed distributions register, each by exactly one distribution."""
    claims: dict[str, dict[tuple[str, str], EntryPoint]] = {}
    for point in entry_points(group=ENTRY_POINT_GROUP):
        claims.setdefault(point.name, {})[(_distribution(point), point.value)] = point
    problems = []
    for kind, points in claims.items():
        names = ", ".join(sorted({name for name, _ in points}))
        if kind in BUILT_IN:
            problems.append(f"{names} registers the adapter kind '{kind}', which is built in")
        elif len(points) > 1:
            problems.append(f"the adapter kind '{kind}' is registered by more than one: {names}")
    if problems:
        raise AdapterError(
            f"{'; '.join(problems)} (entry point group {ENTRY_POINT_GROUP}); uninstall the "
            "distribution that should not provide it"
        )
    return {kind: next(iter(points.values())) for kind, points in claims.items()}


def _distribution(point: EntryPoint) -> str:
    return point.dist.name if point.dist is not None else "an unnamed distribution"


def known_kinds() -> list[str]:
    """The built-in kinds, then those installed distributions register."""
    return [*BUILT_IN, *sorted(_registered())]


def _unknown(kind: str) -> str:
    return (
        f"no installed adapter provides the kind '{kind}' (known kinds: "
        f"{', '.join(known_kinds())}); install the distribution that registers it in the "
        f"{ENTRY_POINT_GROUP} entry point group, or correct the profile's kind"
    )


def load_target_profile(
    path: Path, *, allow_paths_outside: bool = False, folder: Path | None = None
) -> TargetProfile | AdapterProfile:
    """A `--target` profile of whatever kind it names (none: http), validated; InvalidDocument
    naming what is wrong, the known kinds when its kind is not one of them."""
    document = load_yaml(path, "profile_kind")
    kind = document.get("kind", HttpTarget.kind)
    if kind == HttpTarget.kind:
        return load_profile(path, allow_paths_outside=allow_paths_outside, folder=folder)
    if kind == OfflineTarget.kind:
        raise InvalidDocument(
            str(path),
            ["at kind: an export bundle's profile is given with --bundle, not as a target"],
        )
    if kind not in known_kinds():
        raise InvalidDocument(str(path), [f"at kind: {_unknown(kind)}"])
    return adapter_profile(document, path)


def open_target(profile: Profile, opening: Opening) -> Adapter:
    """The adapter of the profile's kind, opened; AdapterError when none can be."""
    opener = BUILT_IN.get(profile.kind)
    where = "built in"
    if opener is None:
        point = _registered().get(profile.kind)
        if point is None:
            raise AdapterError(f"{profile.source}: {_unknown(profile.kind)}")
        where = f"from {_distribution(point)}"
        try:
            opener = point.load()
        except Exception as exc:
            raise AdapterError(
                f"the adapter of kind '{profile.kind}' ({where}, {point.value}) could not be "
                f"loaded: {type(exc).__name__}: {exc}"
            ) from exc
    try:
        target = opener(profile, opening)
    except AdapterError:
        raise
    except Exception as exc:  # a vendor's code: whatever it raises stops the run, said plainly
        raise AdapterError(
            f"the adapter of kind '{profile.kind}' ({where}) could not be opened: "
            f"{type(exc).__name__}: {exc}"
        ) from exc
    if not isinstance(target, Adapter):
        raise AdapterError(
            f"the adapter of kind '{profile.kind}' ({where}) gave a {type(target).__name__}, "
            "not an adapter (a subclass of firewall_conformance.targets.adapter.Adapter)"
        )
    if opening.read_only and not target.honours_read_only:
        raise AdapterError(
            f"the adapter of kind '{profile.kind}' ({where}) does not say it changes nothing in "
            "a read-only run (honours_read_only), so a read-only run through it cannot be "
            "promised to be safe for a production system"
        )
    return target
