"""The declarative HTTP adapter: a target profile's request templates, sent over a real socket.

Bounded everywhere: every exchange has a deadline and every body a size cap (bounded.py),
retries are few and only where repeating cannot duplicate a disclosure, redirects are never
followed with credentials, and an answer that is a web page or an error message where data or
an export was asked for is not read as one. Anything unexpected becomes Inconclusive with a
plain reason.
"""

from __future__ import annotations

import copy
import json
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import urljoin, urlsplit, urlunsplit

import requests
from requests.structures import CaseInsensitiveDict

from firewall_conformance.audit.books import Act
from firewall_conformance.audit.log import AuditEntry, ChainRule, entries_from, require_kinds
from firewall_conformance.audit.logged_operations import logged_operation
from firewall_conformance.detect.content_kind import WEB_PAGE, mismatch
from firewall_conformance.detect.duplicates import RepeatedKey, one_reading
from firewall_conformance.detect.payloads import open_payload
from firewall_conformance.inputs.documents import InvalidDocument
from firewall_conformance.model.evidence import Exchange
from firewall_conformance.model.outcomes import CapabilityMissing, Inconclusive
from firewall_conformance.persons.case_references import case_reference
from firewall_conformance.persons.personas import Persona
from firewall_conformance.recipients.ledger import (
    ACCOUNT_RECIPIENTS,
    Received,
    answer_recipient,
    request_strings,
    values_naming,
)
from firewall_conformance.reporting import redact
from firewall_conformance.targets.adapter import Adapter
from firewall_conformance.targets.answer_links import PER_SHAPE, SHAPES, LinkBudget, own_links
from firewall_conformance.targets.answers import (
    Disclosure,
    PlantedPerson,
    RecordedCase,
    answer_from,
    keys_of,
)
from firewall_conformance.targets.auth.declared import Credentials, resolve
from firewall_conformance.targets.auth.secrets import RunSecrets
from firewall_conformance.targets.auth.sessions import (
    account_session,
    anonymous_session,
    close_session,
)
from firewall_conformance.targets.base import JUSTIFICATION, Attempt, ExportFile, Group, SeededCase
from firewall_conformance.targets.bounded import (
    ANSWER_MAX_BYTES,
    Bounds,
    CutOff,
    OverLimit,
    exchange,
)
from firewall_conformance.targets.client_identity import another_client, first_client
from firewall_conformance.targets.opening import AdapterError, Opening
from firewall_conformance.targets.pages import (
    LINK_HEADER,
    Page,
    Place,
    Step,
    first_step,
    style_of,
    walk,
    walk_from,
)
from firewall_conformance.targets.profile import Recipient, TargetProfile
from firewall_conformance.targets.readonly import SAFE_METHODS, WriteRefused
from firewall_conformance.targets.request_steps import (
    first_write,
    is_multi_step,
    needed_after,
    requests_of,
    step_label,
    used_by,
)
from firewall_conformance.targets.search_fields import BY_NAME
from firewall_conformance.targets.surface import (
    Operation,
    declared_requests,
    operations,
    template_key,
)
from firewall_conformance.targets.templates import fill, fill_path, read
from firewall_conformance.targets.ways_of_asking import (
    Asking,
    Askings,
    option_askings,
)
from firewall_conformance.wording.plural import count

MAX_RETRY_WAIT_SECONDS = 10.0
_GONE = [404, 410]  # what a removal of something no longer there answers
MAX_AUDIT_PAGES = 10_000
MAX_SEARCH_PAGES = 1_000
_NO_RESULTS = "The system's search answer did not hold a list of results."
DEFAULT_OUTBOUND_WINDOW_SECONDS = 30.0
_EXCERPT = 2000
_SNIFF_BYTES = 4096


class _FirstPageRefused(Exception):
    """A paged search refused at its first page: the refusal is the search's answer."""

    def __init__(self, attempt: Attempt) -> None:
        super().__init__(attempt.status)
        self.attempt = attempt


class HttpTarget(Adapter):
    """A target reached over HTTP as its profile describes."""

    kind = "http"
    groups = frozenset({Group.LIVE_SYSTEM, Group.AUDIT_SOURCE})
    honours_read_only = True  # every write refused before it is sent (readonly.py)

    def __init__(
        self,
        profile: TargetProfile,
        credentials: Mapping[str, Credentials | str],
        *,
        on_exchange: Callable[[Exchange], None] | None = None,
        on_egress: Callable[[Received], None] | None = None,
        on_audit_read: Callable[[list[dict[str, Any]], Any], None] | None = None,
        on_act: Callable[[Act], None] | None = None,
        max_download_bytes: int | None = None,
        read_only: bool = False,
    ) -> None:
        self.profile = profile
        # A bare string is a bearer token (the `token_env` shorthand, and tests).
        self._credentials = {
            account: c if isinstance(c, Credentials) else Credentials.bearer(c)
            for account, c in credentials.items()
        }
        self.secrets = RunSecrets(s for c in self._credentials.values() for s in c.secrets)
        self._on_exchange = on_exchange or (lambda exchange: None)
        self._on_egress = on_egress or (lambda received: None)
        self._on_audit_read = on_audit_read or (lambda entries, sequence_field: None)
        self._on_act = on_act or (lambda act: None)
        # The last read of the audit log and where its last page began (audit_log).
        self._audit_read: _LogRead | None = None
        self._recipient_ids = {r.id: cls for cls, r in profile.recipients.items()}
        self._max_download = max_download_bytes or profile.max_download_bytes
        self.read_only = read_only
        self._links = LinkBudget()
        # The references of the cases planted so far: each new one differs (case_references.py).
        self._references: set[str] = set()
        self._following = False
        self._client = first_client().with_user_agent(profile.user_agent)
        self._session = anonymous_session(profile)
        self._sessions = {
            account: account_session(
                profile, account, c, self.secrets, partial(self._record_auth, account)
            )
            for account, c in self._credentials.items()
        }

    @classmethod
    def opened(cls, profile: TargetProfile, opening: Opening) -> HttpTarget:
        """The target as a run opens it (registry.py): the accounts' credentials from the
        Opening's environment, everything sent and seen reported to the run."""
        try:
            credentials = resolve(profile, opening.environ)
        except InvalidDocument as exc:
            raise AdapterError(str(exc)) from exc
        return cls(
            profile,
            credentials,
            on_exchange=opening.on_exchange,
            on_egress=opening.on_egress,
            on_audit_read=opening.on_audit_read,
            on_act=opening.on_act,
            read_only=opening.read_only,
        )

    def secrets_to_mask(self) -> list[str]:
        return self.secrets.masking()

    def close(self) -> None:
        for session in (self._session, *self._sessions.values()):
            close_session(session)

    def remove_case_once(self, seeded: SeededCase) -> list[str]:
        return self.sending_once().remove_case(seeded)

    def sending_once(self) -> HttpTarget:
        """This target, its sessions, secrets and evidence shared, with no retries of its own."""
        once = copy.copy(self)
        once.profile = replace(self.profile, retries=0)
        return once

    def as_another_client(self) -> HttpTarget:
        """This target, its sessions, secrets and evidence shared, its requests sent as
        another client (client_identity.py), so an answer kept for the first is seen."""
        other = copy.copy(self)
        other._client = another_client()
        return other

    # -- what is available -------------------------------------------------------------

    def _accounts_of(self, capability: str) -> set[str]:
        """The accounts a capability's requests are sent as (its own, and its operations')."""
        spec = self.profile.capabilities[capability]
        accounts = {spec["account"]} if "account" in spec else set()
        accounts |= {
            part["account"]
            for part in spec.values()
            if isinstance(part, dict) and "account" in part
        }
        return accounts

    def capabilities(self) -> frozenset[str]:
        """Capabilities the profile declares and holds every account for."""
        return frozenset(
            name
            for name in self.profile.capabilities
            if self._accounts_of(name) <= self._credentials.keys()
        )

    def _spec(self, capability: str) -> dict[str, Any]:
        if capability not in self.capabilities():
            raise CapabilityMissing(capability)
        return self.profile.capabilities[capability]

    def recipient(self, recipient_class: str) -> Recipient:
        try:
            return self.profile.recipients[recipient_class]
        except KeyError:
            raise CapabilityMissing(
                "recipients", f"no recipient of class '{recipient_class}' is declared"
            ) from None

    # -- the wire ----------------------------------------------------------------------

    def _headers(self, account: str | None) -> dict[str, str]:
        if account is not None and account not in self._credentials:
            raise CapabilityMissing("accounts", f"no '{account}' account is declared")
        return dict(self._client.headers)

    def _prepared(
        self, session: requests.Session, request: requests.Request
    ) -> requests.PreparedRequest:
        """`request` prepared by `session` (its login, cookies), its headers in the order
        this target's client sends them."""
        prepared = session.prepare_request(request)
        prepared.headers = CaseInsensitiveDict(self._client.ordered(prepared.headers))
        return prepared

    def _session_for(self, account: str | None) -> requests.Session:
        """The account's own session (its login, cookie jar, certificate), or no account's."""
        return self._session if account is None else self._sessions[account]

    def _record_auth(
        self,
        account: str,
        action: str,
        request: requests.PreparedRequest,
        response: requests.Response | None,
        started: float,
        error: str | None,
    ) -> None:
        """An exchange of the account's sign-in, recorded; its answer, for an account standing
        for a recipient, handed to the egress ledger too (its secrets masked): a login or token
        answer is as much received as any other."""
        self._record(
            action, request, request.method or "", request.url or "", response, started, error
        )
        if response is None or account not in ACCOUNT_RECIPIENTS:
            return
        masking = self.secrets.masking()
        payload = open_payload(response.content, as_text=lambda: response.text)
        self._on_egress(
            Received.answer(
                ACCOUNT_RECIPIENTS[account],
                f"the answer when the {account} account's sign-in asked to {action}",
                "answer",
                payload.map(lambda text: redact.text(text, masking)),
                {name: redact.text(value, masking) for name, value in response.headers.items()},
                status_line=f"{response.status_code} {response.reason}",
            )
        )

    def _record(
        self,
        action: str,
        request: requests.PreparedRequest | None,
        method: str,
        url: str,
        response: requests.Response | None,
        started: float,
        error: str | None,
    ) -> None:
        secrets = self.secrets.masking()
        sent = request.body if request is not None else None
        body = sent.decode("utf-8", "replace") if isinstance(sent, bytes) else sent or ""
        # A download's body went to its file, so only other answers show one here.
        reply = response.text[:_EXCERPT] if response is not None else ""
        self._on_exchange(
            Exchange(
                action=action,
                method=method,
                url=redact.text(url, secrets),
                status=response.status_code if response is not None else None,
                request_headers=redact.headers(
                    {
                        k: v if isinstance(v, str) else v.decode("latin-1")
                        for k, v in request.headers.items()
                    },
                    secrets,
                )
                if request is not None
                else {},
                request_body=redact.text(str(body)[:_EXCERPT], secrets),
                response_body=redact.text(reply, secrets),
                seconds=round(time.monotonic() - started, 3),
                error=error,
            )
        )

    def _send(
        self,
        action: str,
        spec: dict[str, Any],
        values: dict[str, Any],
        account: str | None = None,
        *,
        sink: BinaryIO | None = None,
        max_bytes: int = ANSWER_MAX_BYTES,
        url: str | None = None,
        accept: str | None = None,
    ) -> requests.Response:
        """Send one request, retrying where that is safe, and read its whole answer within
        the profile's deadline; a success's body goes into `sink` when one is given. `url`,
        when given, is asked instead of the spec's path (a link the target gave); `accept`
        asks for that format in place of the client's usual one. An answer
        asked again (a 429, a 503) is handed on too: a busy or failing answer can carry
        what the one used does not."""
        where = f"{self.profile.source}: request for {action}"
        method = spec["method"]
        if self.read_only and method not in SAFE_METHODS:
            raise WriteRefused(action, method)
        if url is None:
            url = self.profile.base_url + fill_path(spec["path"], values, where + " path")
        params = fill(spec.get("query", {}), values, where + " query")
        body = fill(spec["body"], values, where + " body") if "body" in spec else None
        account = account or spec.get("account")
        headers = {**self._headers(account), **({"Accept": accept} if accept else {})}
        session = self._session_for(account)
        timeout = self.profile.timeout_seconds
        bounds = Bounds.of(timeout, max_bytes)
        idempotent = method in ("GET", "DELETE", "PUT")
        for attempt in range(self.profile.retries + 1):
            started = time.monotonic()
            request = requests.Request(method, url, params=params, json=body, headers=headers)
            prepared = self._prepared(session, request)
            last = attempt == self.profile.retries
            if sink is not None:
                sink.seek(0)
                sink.truncate()
            try:
                response = exchange(session, prepared, bounds, read_timeout=timeout, sink=sink)
            except OverLimit as exc:
                self._record(action, prepared, method, url, None, started, str(exc))
                raise Inconclusive(_over_limit(action, exc)) from exc
            except CutOff as exc:
                reason = _plain_network_error(exc.cause)
                self._record(action, prepared, method, url, None, started, reason)
                if last or not idempotent:
                    raise Inconclusive(
                        f"When the system was asked to {action}, its answer was cut off after "
                        f"{exc.received} bytes ({reason})."
                    ) from exc
                time.sleep(min(2**attempt, MAX_RETRY_WAIT_SECONDS))
                continue
            except requests.ConnectTimeout as exc:
                self._record(action, prepared, method, url, None, started, "connect time-out")
                if last:
                    raise Inconclusive(
                        f"The system did not answer when asked to {action}."
                    ) from exc
                time.sleep(min(2**attempt, MAX_RETRY_WAIT_SECONDS))
                continue
            except requests.Timeout as exc:
                self._record(action, prepared, method, url, None, started, "read time-out")
                if last or not idempotent:
                    raise Inconclusive(
                        f"The system took longer than {timeout:g} seconds to answer when asked to {action}."
                    ) from exc
                continue
            except requests.RequestException as exc:
                reason = _plain_network_error(exc)
                self._record(action, prepared, method, url, None, started, reason)
                if last or not idempotent:
                    raise Inconclusive(
                        f"The system could not be reached when asked to {action} ({reason})."
                    ) from exc
                time.sleep(min(2**attempt, MAX_RETRY_WAIT_SECONDS))
                continue
            self._record(action, prepared, method, url, response, started, None)
            retryable = response.status_code in (429, 503) or (
                response.status_code >= 500 and idempotent
            )
            if retryable and not last:
                # Answered, though not the answer used: whoever asked has received it all the same.
                self._hand_on(
                    f"{action} (answered {response.status_code}, then asked again)",
                    spec,
                    response,
                    account,
                    values,
                )
                time.sleep(_retry_wait(response, attempt))
                continue
            return response
        raise AssertionError("unreachable: the retry loop always returns or raises")

    def _answer(
        self,
        action: str,
        spec: dict[str, Any],
        response: requests.Response,
        account: str | None,
        values: dict[str, Any],
    ) -> Attempt:
        status = response.status_code
        self._hand_on(action, spec, response, account, values)
        headers = dict(response.headers)
        if 200 <= status < 300:
            body = _json_body(action, response)
            return Attempt(True, f"accepted ({status})", body, headers=headers)
        body = _json_body(action, response, strict=False)
        if status in spec.get("missing_status", []):  # "not found", not a refusal (FW-22)
            return Attempt(False, f"not found ({status})", body, missing=True, headers=headers)
        if status in spec.get("rejected_status", []):  # the value, not the asker, turned away
            return Attempt(
                False, f"value not accepted ({status})", body, rejected=True, headers=headers
            )
        if status in spec.get("refused_status", [403]):
            return Attempt(False, f"refused ({status})", body, headers=headers)
        if status == 401:
            raise Inconclusive(
                f"The system did not accept the credentials of the {account or 'declared'} account "
                f"when asked to {action}."
            )
        if 300 <= status < 400:
            raise Inconclusive(
                f"The system redirected the request to {action} elsewhere; the harness does not "
                "follow redirects with credentials."
            )
        raise Inconclusive(
            f"The system answered {status} {response.reason} when asked to {action}."
        )

    def _hand_on(
        self,
        action: str,
        spec: dict[str, Any],
        response: requests.Response,
        account: str | None,
        values: dict[str, Any],
    ) -> None:
        """Hand every answer, whole, to the egress ledger with whom it reached (recipients/ledger.py);
        and each answer the account's sign-in handler answered by signing in again and asking
        once more (`history`): it reached the account all the same."""
        for earlier in response.history:
            self._hand_on(
                f"{action} (answered {earlier.status_code}, then signed in again)",
                spec,
                earlier,
                account,
                values,
            )
        recipient = answer_recipient(
            account,
            values_naming(values, self._recipient_ids),
            200 <= response.status_code < 300,
            spec.get("bound_for"),
        )
        if recipient is None:
            return
        payload = open_payload(
            response.content,
            as_text=lambda: response.text,
            trailer=response.headers.get("Trailer", ""),
        )
        received = Received.answer(
            recipient,
            f"the answer when the system was asked to {action}",
            "answer",
            payload.map(lambda text: redact.text(text, self.secrets.masking())),
            dict(response.headers),
            echo=request_strings(values) if account in ACCOUNT_RECIPIENTS else (),
            status_line=f"{response.status_code} {response.reason}",
        )
        self._on_egress(received)
        if account in ACCOUNT_RECIPIENTS and not self._following:
            whole = Received.answer(recipient, "", "answer", payload, dict(response.headers))
            self._follow_links(action, whole.fields, response.url, account, recipient)

    def _follow_links(
        self,
        action: str,
        fields: tuple[tuple[str, str], ...],
        asked: str,
        account: str,
        recipient: str,
    ) -> None:
        """Open, as `account`, each link on the target's own address that its answer gave it
        (answer_links.py), and the links in what those lead to, a redirect's too: what a link
        leads to is the account's to read. A link that cannot be read, that would change
        something, or that the run's budget leaves unopened is named as unread."""
        channel = f"a link in the answer when the system was asked to {action}"
        unread: list[str] = []
        answers = [(fields, asked)]
        self._following = True
        try:
            while answers:
                fields, asked = answers.pop(0)
                links, changing = own_links(fields, self.profile.base_url, asked)
                follow, left = self._links.take(links, asked)
                unread += [
                    f"{link}, not opened as its words say it changes something" for link in changing
                ]
                if left:
                    unread.append(
                        f"{count(len(left), 'links')} it gave left unopened: the run opens at most "
                        f"{PER_SHAPE} of a kind and {SHAPES} kinds"
                    )
                for link in follow:
                    opened = self._open_link(f"open {channel}", link, account, recipient)
                    if isinstance(opened, str):
                        unread.append(opened)
                    else:
                        answers.append((opened, link))
        finally:
            self._following = False
        if unread:
            masked = tuple(redact.text(why, self.secrets.masking()) for why in unread)
            self._on_egress(Received(recipient, channel, "answer", unread=masked))

    def _open_link(
        self, action: str, link: str, account: str, recipient: str
    ) -> tuple[tuple[str, str], ...] | str:
        """The whole answer a link leads to, handed on, as fields for its own links; or why
        it could not be read: a redirect is read as the link it names, and a failure, or an
        answer that refuses the credentials, leaves what the link leads to unread."""
        try:
            response = self._send(action, {"method": "GET"}, {}, account, url=link)
        except Inconclusive as exc:
            return str(exc)
        self._hand_on(action, {}, response, account, {})
        where = (self.profile.base_url, link)
        status = response.status_code
        location = response.headers.get("Location", "")
        if 300 <= status < 400 and not any(own_links([("header Location", location)], *where)):
            return (
                f"{link} sent the account on to {location or 'no address'}, which the harness "
                "does not open with its credentials"
            )
        if status in (401, 407, 429) or status >= 500:
            return f"{link} answered {status} {response.reason}"
        payload = open_payload(response.content, as_text=lambda: response.text)
        return Received.answer(recipient, "", "answer", payload, dict(response.headers)).fields

    def _request(
        self,
        action: str,
        capability: str,
        values: dict[str, Any],
        account: str | None = None,
        spec: dict[str, Any] | None = None,
    ) -> Attempt:
        spec = spec or self._spec(capability)
        if is_multi_step(spec):
            return self._in_steps(action, spec, values, account)[0]
        account = account or spec.get("account")
        return self._answer(
            action, spec, self._send(action, spec, values, account), account, values
        )

    def _asked(
        self,
        action: str,
        capability: str,
        values: dict[str, Any],
        account: str | None = None,
        spec: dict[str, Any] | None = None,
    ) -> tuple[Attempt, dict[str, Any]]:
        """The answer, and the values read at the paths its `returns` names (every step's,
        later steps winning); none from a refusal."""
        spec = spec or self._spec(capability)
        if is_multi_step(spec):
            return self._in_steps(action, spec, values, account)
        attempt = self._request(action, capability, values, account, spec)
        returns = spec.get("returns", {}) if attempt.allowed else {}
        return attempt, {name: read(attempt.body, path) for name, path in returns.items()}

    def _operation(
        self,
        action: str,
        capability: str,
        operation: str,
        values: dict[str, Any],
        account: str | None = None,
        spec: dict[str, Any] | None = None,
    ) -> tuple[Attempt, Inconclusive | None]:
        """Ask for a domain operation and read its typed answer (targets/answers.py) where the
        answer arrives; an unreadable answer is given back beside the attempt, so the caller
        can still book what the system did before reporting it."""
        attempt, returned = self._asked(action, capability, values, account, spec)
        if not attempt.allowed:
            return attempt, None
        try:
            attempt.answer = answer_from(capability, operation, returned, action)
        except Inconclusive as unreadable:
            return attempt, unreadable
        return attempt, None

    def _in_steps(
        self, action: str, spec: dict[str, Any], values: dict[str, Any], account: str | None
    ) -> tuple[Attempt, dict[str, Any]]:
        """Send an operation's steps in turn, each answer recorded and handed on as any other;
        what each step returns fills the steps after it. The first refusal ends it."""
        write = first_write(spec)
        if self.read_only and write is not None:
            raise WriteRefused(action, write[1])  # before any step is sent, not halfway
        requests_ = requests_of(spec)
        carried = dict(values)
        returned: dict[str, Any] = {}
        attempt = Attempt(False, "no step was sent")
        for number, request in enumerate(requests_, start=1):
            label = step_label(request, number, len(requests_))
            step_action = f"{action}, at {label}"
            step_account = account or request.get("account")
            response = self._send(step_action, request, carried, step_account)
            used = used_by(request, carried)
            attempt = self._answer(step_action, request, response, step_account, used)
            if not attempt.allowed:
                attempt.status = f"{attempt.status} at {label}"
                return attempt, {}
            got = {
                name: read(attempt.body, path) for name, path in request.get("returns", {}).items()
            }
            needed = needed_after(requests_, number)
            lacking = [
                name for name, value in got.items() if value in (None, "") and name in needed
            ]
            if lacking:
                raise Inconclusive(
                    f"When asked to {action}, the system's answer at {label} held no "
                    f"{', '.join(lacking)}, which the steps after it need."
                )
            returned.update(got)
            carried.update(got)
        return attempt, returned

    # -- capabilities ------------------------------------------------------------------

    def operate(
        self,
        capability: str,
        operation: str,
        values: dict[str, Any],
        account: str | None = None,
    ) -> Attempt:
        spec = self._spec(capability).get(operation)
        if not isinstance(spec, dict) or not ("method" in spec or is_multi_step(spec)):
            raise CapabilityMissing(
                capability, f"the profile declares no '{operation}' request under {capability}"
            )
        action = spec.get("does") or f"{operation.replace('_', ' ')} ({capability})"
        attempt, unreadable = self._operation(action, capability, operation, values, account, spec)
        if unreadable is not None:
            attempt.unread = str(unreadable)
        logged = logged_operation(capability, operation)
        if logged is not None:
            bound_for = self.profile.recipients.get(spec.get("bound_for", ""))
            act = logged.act(action, values, attempt, bound_for.id if bound_for else None)
            if act is not None:
                self._on_act(act)
        return attempt

    def reachable(self) -> str | None:
        path = self.profile.health or "/"
        prepared = self._prepared(
            self._session,
            requests.Request("GET", self.profile.base_url + path, headers=self._headers(None)),
        )
        try:
            response = exchange(
                self._session,
                prepared,
                Bounds.of(self.profile.timeout_seconds),
                read_timeout=self.profile.timeout_seconds,
            )
        except OverLimit as exc:
            return f"{self.profile.base_url}'s answer to its health check {exc}"
        except CutOff as exc:
            return (
                f"{self.profile.base_url} could not be reached ({_plain_network_error(exc.cause)})"
            )
        except requests.RequestException as exc:
            return f"{self.profile.base_url} could not be reached ({_plain_network_error(exc)})"
        if response.status_code >= 500:
            return f"{self.profile.base_url} answered its health check with {response.status_code}"
        return None

    def seed_case(self, personas: list[Persona], offence: str, narrative: str) -> SeededCase:
        spec = self._spec("seed-case")
        person_ids: dict[str, str] = {}
        for persona in personas:
            person = self._recorded(
                f"record {persona.label}", "create_person", persona.attributes(), persona.label
            )
            person_ids[persona.label] = person.answer_as(PlantedPerson).id
        attach = spec.get("attach_person")
        where = f"{self.profile.source}: seed-case.create_case.involvement"
        involvements = (
            []
            if attach is not None
            else [
                fill(
                    spec["create_case"]["involvement"],
                    {"person_id": person_ids[p.label], "role": p.role},
                    where,
                )
                for p in personas
            ]
        )
        reference = case_reference(self.profile.planted_formats, self._references)
        values = {
            "case_reference": reference,
            "offence": offence,
            "narrative": narrative,
            "involvements": involvements,
        }
        case = self._recorded("record the case", "create_case", values, "the case")
        case_id = case.answer_as(RecordedCase).id
        if attach is not None:
            # A system that takes no persons with a new case records each by a call of its own.
            for p in personas:
                what = f"{p.label} in the case as {p.role}"
                ids = {"case_id": case_id, "person_id": person_ids[p.label], "role": p.role}
                if not self._request(f"record {what}", "seed-case", ids, spec=attach).allowed:
                    raise Inconclusive(
                        f"The system refused to record {what}, so nothing could be planted."
                    )
        return SeededCase(case_id, person_ids, reference)

    def _recorded(self, action: str, operation: str, values: dict[str, Any], what: str) -> Attempt:
        """An accepted recording of a planted person or case, its id read."""
        spec = self._spec("seed-case")[operation]
        attempt, unreadable = self._operation(action, "seed-case", operation, values, spec=spec)
        if not attempt.allowed:
            raise Inconclusive(f"The system refused to record {what}, so nothing could be planted.")
        if unreadable is not None:
            raise unreadable
        return attempt

    def remove_case(self, seeded: SeededCase) -> list[str]:
        spec = self._spec("seed-case")
        problems = []
        steps = [("remove the planted case", spec.get("remove_case"), {"case_id": seeded.case_id})]
        steps += [
            (f"remove {label}", spec.get("remove_person"), {"person_id": pid})
            for label, pid in seeded.person_ids.items()
        ]
        for action, request_spec, values in steps:
            if request_spec is None:  # a system may not delete: the profile then says none
                problems.append(f"the profile declares no request to {action}")
                continue
            # "Not found" is what a second attempt at a removal that went through meets.
            spec_gone = {"missing_status": _GONE, **request_spec}
            try:
                attempt = self._request(action, "seed-case", values, spec=spec_gone)
                if not attempt.allowed and not attempt.missing:
                    problems.append(f"the system refused to {action}")
            except Inconclusive as exc:
                problems.append(str(exc))
        if "open-record" in self.capabilities():
            for label, pid in seeded.person_ids.items():
                try:
                    still = self.open_record("investigator", pid)
                except Inconclusive:
                    continue  # 404 is not in every refused_status list; absence is what we want
                if still.allowed:
                    problems.append(f"{label} could still be opened after removal")
        return problems

    def _justification(self, capability: str, reason: str | None) -> dict[str, Any]:
        """The `reason` placeholder's value: the profile's `look_up_reason` in place of the
        default one, or the client's own (a second client gives other words). A look-up without
        a justification can only be told apart from one with it when the profile says where the
        justification goes."""
        if reason is None and "{reason}" not in json.dumps(self._spec(capability)):
            raise CapabilityMissing(
                capability,
                "its request has no {reason} placeholder, so the run cannot tell a look-up "
                "without a justification from one with it",
            )
        if reason == JUSTIFICATION:
            reason = self.profile.look_up_reason or self._client.look_up_reason or reason
        return {"reason": reason}

    def search_fields(self) -> list[str]:
        """The search fields the profile declares; a profile without `fields` searches by
        full name through its `{name}` placeholder."""
        return list(self._spec("search").get("fields", {"full_name": {}}))

    def search_persons(
        self,
        account: str,
        text: str,
        reason: str | None = JUSTIFICATION,
        field: str = "full_name",
    ) -> Attempt:
        spec = self._spec("search")
        request = self._search_request(spec, field)
        action = f"search by {field.replace('_', ' ')} for '{text}' as the {account}" + (
            "" if reason is not None else " without giving a reason"
        )
        values = {"name": text, "value": text, **self._justification("search", reason)}
        if "pages" in spec:
            attempt = self._search_pages(action, request, values, account)
        else:
            attempt = self._request(action, "search", values, account, spec=request)
            if attempt.allowed:
                attempt.whole = attempt.body
                attempt.body = read(attempt.body, spec["returns"]["items"])
        if attempt.allowed:
            if not isinstance(attempt.body, list):
                raise Inconclusive(_NO_RESULTS)
            attempt.ids = [str(read(i, spec["returns"]["id"])) for i in attempt.body]
        return attempt

    @staticmethod
    def _search_request(spec: dict[str, Any], field: str, own: bool = True) -> dict[str, Any]:
        """The search request by `field`: its criterion joins the request's body when it has
        one, else its query (none when not `own`: another parameter says whom to look for)."""
        criteria = spec.get("fields", {"full_name": {}})
        if field not in criteria:
            raise CapabilityMissing("search", f"search.fields does not declare {field}")
        part = "body" if "body" in spec else "query"
        return {**spec, part: {**spec.get(part, {}), **(criteria[field] if own else {})}}

    def published_askings(self, capability: str) -> Askings:
        if self.profile.openapi is None:
            return Askings([], unlooked="the target profile names no OpenAPI document")
        spec = self._spec(capability)
        try:
            published = self.published_operations()
        except Inconclusive as exc:
            return Askings([], unlooked=str(exc).rstrip("."))
        key = template_key(spec["method"], spec["path"])
        operation = next((o for o in published if template_key(o.method, o.path) == key), None)
        if operation is None:
            return Askings([], unlooked="the system's OpenAPI document does not list it")
        criteria = spec.get("fields", {}).values()
        used = {*spec.get("query", {}), *(k for c in criteria for k in c)}
        return option_askings(operation.query, used, criteria=capability == "search")

    def search_asked(
        self, account: str, asking: Asking, text: str, field: str = "full_name"
    ) -> Attempt:
        spec = self._spec("search")
        request = self._search_request(spec, field, own=not asking.criterion)
        added = [*asking.query, *([(asking.criterion, text)] if asking.criterion else [])]
        request["query"] = {
            **request.get("query", {}),
            **{name: f"{{asked{i}}}" for i, (name, _) in enumerate(added)},
        }
        values = {
            "name": text,
            "value": text,
            **self._justification("search", JUSTIFICATION),
            **(first_step(spec).values if "pages" in spec else {}),
            **{f"asked{i}": value for i, (_, value) in enumerate(added)},
        }
        by = asking.criterion or field.replace("_", " ")
        how = "" if asking.criterion else f" {asking.name}"
        action = f"search by {by} for '{text}'{how} as the {account}"
        response = self._send(action, request, values, account, accept=asking.accept)
        self._hand_on(action, request, response, account, values)
        if response.status_code == 401:
            raise Inconclusive(
                f"The system did not accept the credentials of the {account} account when "
                f"asked to {action}."
            )
        attempt = _as_answered(action, response)
        attempt.headers = dict(response.headers)
        # Another format or option may page otherwise, or not say how: one page is read.
        attempt.unread = "only its first page was read" if "pages" in spec else None
        return attempt

    def _search_pages(
        self, action: str, spec: dict[str, Any], values: dict[str, Any], account: str
    ) -> Attempt:
        """A paged search read to its end (pages.py): the first page's answer with every
        page's results as its body, or the first page's refusal. A page refused after others
        were shown leaves the rest unread, which is Inconclusive, not an end."""
        answers: list[Attempt] = []

        def fetch(step: Step) -> Page:
            attempt, page = self._page(action, spec, step, account, values, _NO_RESULTS)
            if page is None:
                if answers:
                    raise Inconclusive(
                        f"The system refused page {len(answers) + 1} of a search it had begun "
                        f"to answer, when asked to {action}; the rest was not read."
                    )
                raise _FirstPageRefused(attempt)
            answers.append(attempt)
            return page

        try:
            items = walk(spec, fetch, MAX_SEARCH_PAGES, "The search answer")
        except _FirstPageRefused as refused:
            return refused.attempt
        first = answers[0]
        first.whole, first.body = first.body, items
        return first

    def open_record(
        self, account: str, person_id: str, reason: str | None = JUSTIFICATION
    ) -> Attempt:
        spec = self._spec("open-record")
        values = {"person_id": person_id, **self._justification("open-record", reason)}
        response = self._send(
            f"open record {person_id} as the {account}"
            + ("" if reason is not None else " without giving a reason"),
            spec,
            values,
            account,
        )
        return self._answer(f"open a record as the {account}", spec, response, account, values)

    def open_record_as_written(
        self,
        account: str,
        path_text: str,
        reason: str | None = JUSTIFICATION,
        accept: str | None = None,
        query: tuple[tuple[str, str], ...] = (),
    ) -> Attempt:
        """Open a record by an id written into the path exactly as given (percent signs, dot
        segments and slashes kept), which requests would otherwise re-quote or normalise, and
        asking for the `accept` format in place of JSON if given, with `query` added to the
        profile's query.

        Whatever the status, the answer is returned, never raised: `allowed` is a 2xx, and
        the body (JSON, or text) is kept so that a refusal carrying the record is seen."""
        spec = self._spec("open-record")
        values = {"person_id": path_text, **self._justification("open-record", reason)}
        where = f"{self.profile.source}: request for open-record"
        url = self.profile.base_url + spec["path"].replace("{person_id}", path_text)
        params = {**fill(spec.get("query", {}), values, where + " query"), **dict(query)}
        asked = "".join(f" with {name}={value}" for name, value in query)
        action = f"open record {path_text}{asked} as the {account}" + (
            f" as {accept}" if accept else ""
        )
        headers = {**self._headers(account), **({"Accept": accept} if accept else {})}
        request = requests.Request(spec["method"], url, params=params, headers=headers)
        session = self._session_for(account)
        prepared = self._prepared(session, request)
        sent_to = urlsplit(prepared.url or url)
        prepared.url = urlunsplit(sent_to._replace(path=urlsplit(url).path))
        started = time.monotonic()
        try:
            response = exchange(
                session,
                prepared,
                Bounds.of(self.profile.timeout_seconds),
                read_timeout=self.profile.timeout_seconds,
            )
        except OverLimit as exc:
            self._record(action, prepared, spec["method"], url, None, started, str(exc))
            raise Inconclusive(_over_limit(action, exc)) from exc
        except (CutOff, requests.RequestException) as exc:
            reason_ = _plain_network_error(exc.cause if isinstance(exc, CutOff) else exc)
            self._record(action, prepared, spec["method"], url, None, started, reason_)
            raise Inconclusive(
                f"The system could not be reached when asked to {action} ({reason_})."
            ) from exc
        self._record(action, prepared, spec["method"], url, response, started, None)
        self._hand_on(action, spec, response, account, values)
        return _as_answered(action, response)

    def disclose(self, recipient_class: str, person_ids: list[str]) -> Attempt:
        recipient = self.recipient(recipient_class)
        values = {
            "person_ids": person_ids,
            "recipient": recipient.id,
            "purpose": recipient.purpose,
            "legal_basis": recipient.legal_basis,
        }
        action = f"disclose to {recipient_class}"
        attempt = self._request(action, "disclose", values)
        spec = self._spec("disclose")
        returns = spec.get("returns", {}) if attempt.allowed else {}
        if "id" in returns:
            attempt.ids = [str(read(attempt.body, returns["id"]))]
        self._on_act(
            Act("disclose", action, not attempt.allowed, recipient.id, (*person_ids, *attempt.ids))
        )
        if attempt.allowed:  # with the person records as the recipient gets them (FW-14)
            found = {k: read(attempt.body, returns[k]) for k in keys_of(Disclosure) if k in returns}
            try:
                attempt.answer = answer_from("disclose", "", found, action)
            except Inconclusive as unreadable:
                attempt.unread = str(unreadable)
        return attempt

    def status_check_purposes(self) -> list[str]:
        return list(self._spec("status-check")["purposes"])

    def status_check(self, person_id: str, purpose: str) -> Attempt:
        action = f"request an immigration status check ({purpose})"
        attempt = self._request(
            action, "status-check", {"person_id": person_id, "purpose": purpose}
        )
        self._on_act(Act("status-check", action, not attempt.allowed, names_all=(person_id,)))
        return attempt

    def export_formats(self) -> list[str]:
        return list(self._spec("export")["formats"])

    def export(
        self, recipient_class: str, fmt: str, directory: Path, purpose: str | None = None
    ) -> ExportFile:
        spec = self._spec("export")
        recipient = self.recipient(recipient_class)
        values = {
            "recipient": recipient.id,
            "format": fmt,
            "purpose": recipient.purpose if purpose is None else self._export_purpose(purpose),
            "legal_basis": recipient.legal_basis,
        }
        action = f"export {fmt} for {recipient_class}"
        path = directory / f"{recipient.id}-{fmt}-{int(time.time() * 1000)}.{fmt}"
        if spec.get("answer") == "data":
            declared = None
            response = self._fetch_file(action, spec, values, path)
            if not 200 <= response.status_code < 300:
                self._answer(action, spec, response, spec.get("account"), values)
                path.unlink(missing_ok=True)
                self._on_act(Act("export", action, True, recipient.id))
                return ExportFile(None, fmt, recipient, None, None, refused=True)
            # The file is the answer: only a header the profile names can say which export it is.
            export_id = response.headers.get(spec["id_header"]) if "id_header" in spec else None
            named = (export_id,) if export_id else ()
            self._on_act(Act("export", action, False, recipient.id, named))
        else:
            attempt = self._request(action, "export", values)
            if not attempt.allowed:
                self._on_act(Act("export", action, True, recipient.id))
                return ExportFile(None, fmt, recipient, None, None, refused=True)
            declared, export_id, response = self._fetch_named_export(
                action, spec, attempt, recipient, path, f"{fmt} export for {recipient_class}"
            )
        self._on_egress(
            Received(
                recipient_class,
                f"the {fmt} export for {recipient_class}",
                "export",
                file=path,
                file_format=fmt,
            )
        )
        # The file arrives with its headers, its name among them: they reach the recipient too.
        self._on_egress(
            Received.answer(
                recipient_class,
                f"the headers of the {fmt} export for {recipient_class}",
                "export",
                open_payload(b"", trailer=response.headers.get("Trailer", "")),
                dict(response.headers),
            )
        )
        return ExportFile(
            path, fmt, recipient, int(declared) if declared is not None else None, export_id
        )

    def _fetch_named_export(
        self,
        action: str,
        spec: dict[str, Any],
        attempt: Attempt,
        recipient: Recipient,
        path: Path,
        what: str,
    ) -> tuple[Any, str, requests.Response]:
        """Download the export an answer names into `path`: its declared record count, id and the
        answer that brought it."""
        returns = spec["returns"]
        file_ref = read(attempt.body, returns["file"])
        if not file_ref:
            raise Inconclusive(f"The system made a {what} but did not say where to fetch it.")
        declared = read(attempt.body, returns["records"]) if "records" in returns else None
        export_id = str(read(attempt.body, returns["id"])) if "id" in returns else str(file_ref)
        self._on_act(
            Act("export", action, False, recipient.id, (export_id,) if "id" in returns else ())
        )
        response = self._download(f"fetch the {what}", spec["download"], {"file": file_ref}, path)
        return declared, export_id, response

    def _export_purpose(self, purpose: str) -> str:
        """The target's code for a harness purpose name, from the profile's `export.purposes`."""
        code = self._spec("export").get("purposes", {}).get(purpose)
        if code is None:
            raise CapabilityMissing(
                "export", f"export.purposes gives no code for the {purpose} purpose"
            )
        return str(code)

    def outbound_window(self) -> float:
        spec = self._spec("outbound")
        return float(spec.get("window_seconds", DEFAULT_OUTBOUND_WINDOW_SECONDS))

    def outbound_quiet(self) -> float | None:
        quiet = self._spec("outbound").get("quiet_seconds")
        return None if quiet is None else float(quiet)

    def set_outbound_endpoint(self, recipient_class: str, url: str) -> None:
        spec = self._spec("outbound")
        recipient = self.recipient(recipient_class)
        values = {
            "recipient": recipient.id,
            "url": url,
            "purpose": recipient.purpose,
            "legal_basis": recipient.legal_basis,
        }
        action = f"send the outbound feed for {recipient_class} to the harness's recorder"
        if not self._request(action, "outbound", values, spec=spec["register"]).allowed:
            raise Inconclusive(f"The system refused to {action}.")

    def clear_outbound_endpoint(self, recipient_class: str) -> list[str]:
        spec = self._spec("outbound")
        action = f"stop the outbound feed for {recipient_class}"
        values = {"recipient": self.recipient(recipient_class).id}
        try:
            if not self._request(action, "outbound", values, spec=spec["clear"]).allowed:
                return [f"the system refused to {action}"]
        except Inconclusive as exc:
            return [str(exc)]
        return []

    def trigger_outbound(self) -> bool:
        spec = self._spec("outbound")
        if "trigger" not in spec:
            return False
        action = "push its outbound feeds now"
        if not self._request(action, "outbound", {}, spec=spec["trigger"]).allowed:
            raise Inconclusive(f"The system refused to {action}.")
        return True

    def _download(
        self, action: str, spec: dict[str, Any], values: dict[str, Any], path: Path
    ) -> requests.Response:
        """Fetch an export into `path`; anything but a success is Inconclusive."""
        response = self._fetch_file(action, spec, values, path)
        if not 200 <= response.status_code < 300:
            raise Inconclusive(
                f"The system answered {response.status_code} when asked to {action}."
            )
        return response

    def _fetch_file(
        self, action: str, spec: dict[str, Any], values: dict[str, Any], path: Path
    ) -> requests.Response:
        """Send a request whose successful answer is an export, written into `path` through
        the bounded reader; a success that is not an export (a login page, an error message)
        is Inconclusive, whatever its declared type. Any other answer is handed back."""
        with path.open("w+b") as out:
            response = self._send(action, spec, values, sink=out, max_bytes=self._max_download)
            if not 200 <= response.status_code < 300:
                return response
            size = out.tell()
            out.seek(0)
            head = out.read(_SNIFF_BYTES)
        kind = mismatch(
            head,
            complete=size <= len(head),
            content_type=response.headers.get("Content-Type"),
        )
        if kind is not None:
            raise Inconclusive(
                f"The system answered with {kind}, not an export, when asked to {action}."
            )
        return response

    def published_operations(self) -> list[Operation]:
        if self.profile.openapi is None:
            raise CapabilityMissing(
                "openapi", "target.openapi names no OpenAPI document to list the system's API by"
            )
        action = "read the system's OpenAPI document"
        spec = {"method": "GET", "path": self.profile.openapi, "account": "investigator"}
        attempt = self._request(action, "openapi", {}, spec=spec)
        if not attempt.allowed:
            raise Inconclusive(f"The system refused to {action} ({attempt.status}).")
        try:
            return operations(attempt.body)
        except ValueError as exc:
            raise Inconclusive(f"The system's OpenAPI document could not be used: {exc}.") from exc

    def mapped_requests(self) -> list[tuple[str, str]]:
        own = [("GET", path) for path in (self.profile.health, self.profile.openapi) if path]
        return [*declared_requests(self.profile.capabilities), *own]

    def send_read(
        self, action: str, spec: dict[str, Any], values: dict[str, Any], account: str
    ) -> requests.Response:
        """Send one declared request that only reads and hand back the answer as it came, for
        `check` to judge; a request that would write is refused before it is sent."""
        if spec["method"] not in SAFE_METHODS:
            raise WriteRefused(action, spec["method"])
        return self._send(action, spec, values, account)

    def read_as(self, account: str, path: str, query: Mapping[str, str] | None = None) -> Attempt:
        action = f"read {path} as the {account}"
        asked = list((query or {}).items())  # filled as a profile's query is, so echoes are known
        spec = {
            "method": "GET",
            "path": path,
            "query": {n: f"{{q{i}}}" for i, (n, _) in enumerate(asked)},
        }
        values = {f"q{i}": value for i, (_, value) in enumerate(asked)}
        response = self._send(action, spec, values, account)
        self._hand_on(action, spec, response, account, values)
        # Credentials not accepted or a server error: nothing was shown either way.
        if response.status_code == 401 or response.status_code >= 500:
            raise Inconclusive(
                f"The system answered {response.status_code} when asked to {action}."
            )
        return _as_answered("read", response)

    def audit_log(self, *kinds: str, whole: bool = False) -> list[AuditEntry]:
        spec = self._spec("audit-log")
        require_kinds(frozenset(spec["actions"]), kinds)
        read = self._audit_raw(spec, whole)
        self._on_audit_read(read.raw, spec["fields"].get("sequence"))
        return read.entries

    def audit_log_as(self, account: str) -> Attempt:
        spec = self._spec("audit-log")
        return self._request(
            f"read the audit log as the {account}",
            "audit-log",
            dict(first_step(spec).values),
            account,
            spec=spec,
        )

    def _audit_raw(self, spec: dict[str, Any], whole: bool) -> _LogRead:
        """The log: the entries before the last read's last page as that read gave them, then
        that page and the pages after it read again; with `whole`, every page read again."""
        earlier = None if whole else self._audit_read
        start = earlier.last if earlier else None
        kept = start.before if start else 0
        fresh, last = walk_from(
            spec, lambda step: self._audit_page(spec, step), MAX_AUDIT_PAGES, "The audit log", start
        )
        mapped = entries_from(fresh, spec["fields"], spec["actions"], spec["refused_outcomes"])
        read = _LogRead(
            [*(earlier.raw[:kept] if earlier else []), *fresh],
            [*(earlier.entries[:kept] if earlier else []), *mapped],
            last,
        )
        self._audit_read = read
        return read

    def _audit_page(self, spec: dict[str, Any], step: Step) -> Page:
        _, page = self._page(
            "read the audit log",
            spec,
            step,
            spec.get("account"),
            {},
            "The audit log answer did not hold a list of entries.",
        )
        if page is None:
            raise Inconclusive("The system refused to let the auditor account read the audit log.")
        return page

    def _page(
        self,
        action: str,
        spec: dict[str, Any],
        step: Step,
        account: str | None,
        values: dict[str, Any],
        no_list: str,
    ) -> tuple[Attempt, Page | None]:
        """One page of a paged list: the declared request, or the address the last page gave
        (followed only on the target's own address, where its credentials belong). The page
        is None when the answer is a refusal; `no_list` is said when it holds no list."""
        request, values = spec, {**values, **step.values}
        if step.link is not None:
            request = {**spec, "method": "GET", "path": "{link}", "query": {}}
            request.pop("body", None)
            values = {**values, "link": self._own_path(step.link, action)}
        response = self._send(action, request, values, account)
        attempt = self._answer(action, request, response, account, values)
        if not attempt.allowed:
            return attempt, None
        returns = spec["returns"]
        items = read(attempt.body, returns["items"])
        if not isinstance(items, list):
            raise Inconclusive(no_list)
        if style_of(spec) == LINK_HEADER:
            following = response.links.get("next", {}).get("url")
        else:
            following = read(attempt.body, returns["next"]) if "next" in returns else None
        return attempt, Page(
            items,
            following,
            read(attempt.body, returns["total"]) if "total" in returns else None,
            read(attempt.body, returns["total_pages"]) if "total_pages" in returns else None,
        )

    def _own_path(self, link: str, action: str) -> str:
        """The path (and query) of a next-page address on the target's own base address."""
        base = self.profile.base_url.rstrip("/")
        address = urljoin(base + "/", link)
        if not address.startswith(base + "/"):
            raise Inconclusive(
                f"When asked to {action}, the system gave a next page elsewhere than its own "
                "address; the harness does not send credentials there."
            )
        return address[len(base) :]

    def audit_chain_rule(self) -> ChainRule | None:
        spec = self._spec("audit-log").get("hash_chain")
        return ChainRule.from_profile(spec) if spec else None

    def audit_kinds(self) -> frozenset[str]:
        return frozenset(self._spec("audit-log")["actions"])


@dataclass(frozen=True)
class _LogRead:
    """One read of the audit log: its entries as sent and as mapped, and where its last page
    began (the next read starts there)."""

    raw: list[dict[str, Any]]
    entries: list[AuditEntry]
    last: Place


def _as_answered(action: str, response: requests.Response) -> Attempt:
    """Any answer as it came, never raised: `allowed` a success, the body its JSON or else its
    text, so a refusal page carrying a record is read too."""
    body = _json_body(action, response, strict=False)
    return Attempt(
        200 <= response.status_code < 300,
        f"answered {response.status_code}",
        response.text if body is None else body,
    )


def _json_body(action: str, response: requests.Response, *, strict: bool = True) -> Any:
    """The answer's JSON; `strict`: one that is not JSON is Inconclusive, and a web page
    (a login form after an expired session) is said to be one, and so is one that gives a key
    twice in an object, since a claim cannot rest on what depends on the reader."""
    if not response.content:
        return None
    try:
        if not strict:
            return response.json()
        return one_reading(response.text if response.encoding else response.content)
    except RepeatedKey as exc:
        raise Inconclusive(
            f"The system's answer when asked to {action} was ambiguous: {exc}."
        ) from exc
    except RecursionError as exc:
        if not strict:
            return None
        raise Inconclusive(
            f"The system's answer when asked to {action} was JSON nested too deeply to read."
        ) from exc
    except (json.JSONDecodeError, ValueError) as exc:
        if not strict:
            return None
        kind = mismatch(
            response.content[:_SNIFF_BYTES],
            complete=False,
            content_type=response.headers.get("Content-Type"),
        )
        if kind == WEB_PAGE:
            raise Inconclusive(
                f"The system answered with a web page, not the data asked for, when asked to "
                f"{action}."
            ) from exc
        raise Inconclusive(
            f"The system's answer when asked to {action} was not readable JSON."
        ) from exc


def _over_limit(action: str, exc: OverLimit) -> str:
    return f"The system's answer when asked to {action} {exc}, so it was not used."


def _retry_wait(response: requests.Response, attempt: int) -> float:
    header = response.headers.get("Retry-After", "")
    wait = float(header) if header.isdigit() else float(2**attempt)
    return min(wait, MAX_RETRY_WAIT_SECONDS)


def _plain_network_error(exc: BaseException) -> str:
    text = str(exc)
    for marker, plain in (
        ("Connection refused", "connection refused"),
        ("Name or service not known", "host name not found"),
        ("CERTIFICATE_VERIFY_FAILED", "its TLS certificate did not verify"),
        ("Connection reset", "connection reset"),
        ("IncompleteRead", "the answer was cut off"),
    ):
        if marker in text:
            return plain
    return type(exc).__name__


_READ_ONLY_PROBES: dict[str, dict[str, str]] = {
    "search": {"name": "firewall-conformance-probe-no-such-person"},
    "open-record": {"person_id": "firewall-conformance-probe-no-such-id"},
    "audit-log": {},
}


def probe(target: HttpTarget, capability: str) -> tuple[bool, str]:
    """Whether a declared capability answers, without writing anything to the target.

    Read-only capabilities are asked a harmless question; capabilities that write (planting,
    disclosing, exporting, status checks) are only checked for being declared with an account.
    """
    if capability not in target.capabilities():
        return False, "not declared, or its account has no credential"
    if capability not in _READ_ONLY_PROBES:
        return True, "declared (not probed: trying it would write to the target)"
    try:
        if capability == "search":
            # A name field where it takes one (the probe is a name no one has), else any.
            fields = target.search_fields()
            field = next((f for f in BY_NAME if f in fields), fields[0])
            attempt = target.search_persons(
                "investigator", _READ_ONLY_PROBES["search"]["name"], field=field
            )
            return True, f"answered ({attempt.status})"
        if capability == "open-record":
            attempt = target.open_record(
                "investigator", _READ_ONLY_PROBES["open-record"]["person_id"]
            )
            return True, f"answered ({attempt.status})"
        entries = target.audit_log()
        return True, f"answered with {count(len(entries), 'entries')}"
    except Inconclusive as exc:
        if capability == "open-record" and "404" in str(exc):
            return True, "answered (not found, as expected for a made-up id)"
        return False, str(exc)
    except CapabilityMissing as exc:
        return False, str(exc)
