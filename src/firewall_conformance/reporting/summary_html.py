"""summary.html: the one page a non-engineer reads first.

Self-contained (inline CSS, no scripts, no external requests), so it opens from a USB stick on
an air-gapped laptop. The run verdict comes first, in words; waived obligations are on the
first screen, apart from compliant ones. Every string that came from the target or from a data
file is HTML-escaped; links are shown only for http(s) URLs.

It is also the source of summary.pdf, so its print stylesheet sets A4 pages whose footers carry
the run, its verdict, the signing key's fingerprint and the suite-hash status: a printed page
can be matched to the signed manifest. Obligations are blocks rather than rows of a wide
table, which stays readable at A4 width.
"""

from __future__ import annotations

from collections import Counter
from html import escape
from pathlib import Path
from urllib.parse import urlsplit

from firewall_conformance.model.results import ObligationResult, RunResult, Verdict
from firewall_conformance.obligations.jurisdictions import jurisdiction
from firewall_conformance.reporting.provenance import Provenance
from firewall_conformance.reporting.wording import (
    BASIS_MEANING,
    NOT_EXAMINED_MEANING,
    VERDICT_MEANING,
    counts,
    not_examined_note,
    run_meaning,
    source_title,
)
from firewall_conformance.wording.plural import count

_CLASS = {
    "CONFORMANT": "ok",
    "COMPLIANT": "ok",
    "BREACH": "bad",
    "ERROR": "bad",
    "INCONCLUSIVE": "warn",
    "NOT TESTED": "warn",
    "WAIVED": "waived",
}

_CSS = """
:root { --ok:#1a7f37; --bad:#b42318; --warn:#9a6700; --waived:#6639ba; --ink:#1f2328;
        --muted:#59636e; --line:#d1d9e0; --soft:#f6f8fa; }
* { box-sizing: border-box; }
body { font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif;
       color: var(--ink); margin: 0 auto; max-width: 72rem; padding: 1.5rem; }
h1 { font-size: 1.4rem; margin: 0 0 .75rem; }
h2 { font-size: 1.15rem; margin: 2rem 0 .5rem; border-bottom: 1px solid var(--line); }
.verdict { border-left: .5rem solid; padding: .75rem 1rem; background: var(--soft); }
.verdict .word { font-size: 2rem; font-weight: 700; letter-spacing: .03em; }
.verdict p { margin: .25rem 0; }
.verdict.ok { border-color: var(--ok); } .verdict.ok .word { color: var(--ok); }
.verdict.bad { border-color: var(--bad); } .verdict.bad .word { color: var(--bad); }
.verdict.warn { border-color: var(--warn); } .verdict.warn .word { color: var(--warn); }
.box { border: 1px solid var(--line); border-radius: .4rem; padding: .5rem 1rem; margin: 1rem 0; }
.box.waived { border-color: var(--waived); } .box.notes { border-color: var(--warn); }
.box h2 { border: 0; margin: .25rem 0; }
.tally { margin: .75rem 0; }
.badge { display: inline-block; padding: .05rem .5rem; border-radius: 1rem; font-weight: 700;
         font-size: .85rem; white-space: nowrap; border: 1px solid; }
.badge.ok { color: var(--ok); } .badge.bad { color: var(--bad); }
.badge.warn { color: var(--warn); } .badge.waived { color: var(--waived); }
table { border-collapse: collapse; width: 100%; margin: .5rem 0; }
th, td { text-align: left; vertical-align: top; padding: .4rem .5rem;
         border-bottom: 1px solid var(--line); }
th { background: var(--soft); font-weight: 600; }
td.id { white-space: nowrap; font-weight: 600; }
.obligation { border-top: 1px solid var(--line); padding: .5rem 0 .25rem; }
.obligation h3 { font-size: 1.05rem; margin: .25rem 0; }
.obligation .id { margin-right: .4rem; }
.obligation p { margin: .3rem 0; }
.why { overflow-wrap: anywhere; } .why ul { margin: .25rem 0; padding-left: 1.1rem; }
.why li { margin-bottom: .25rem; } .sources { font-size: .9rem; }
.outcome { font-weight: 600; }
.muted { color: var(--muted); font-size: .9rem; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .15rem 1rem; }
dl.facts dt { color: var(--muted); } dl.facts dd { margin: 0; overflow-wrap: anywhere; }
code { font-size: .85rem; overflow-wrap: anywhere; }
@media print {
  body { font-size: 10pt; max-width: none; padding: 0; }
  h1 { font-size: 15pt; } h2 { font-size: 12pt; break-after: avoid; }
  .verdict .word { font-size: 20pt; }
  a { color: inherit; text-decoration: none; }
  th, td { padding: .2rem .4rem; } .badge { font-size: 8pt; }
  thead { display: table-header-group; } tr, li, .box, dl.facts { break-inside: avoid; }
  .obligation h3 { break-after: avoid; }
  /* A grid with text that may wrap anywhere is slow to lay out for print; floats are not. */
  dl.facts { display: block; } dl.facts dt { float: left; clear: left; width: 9rem; }
  dl.facts dd { margin-left: 9.5rem; } code { font-size: 8.5pt; }
}
"""

# Footer text is written into CSS strings: every character outside this set is escaped, so no
# value can end the string or the rule.
_CSS_PLAIN = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .:-_+/·()")


def _css_string(value: str) -> str:
    return '"' + "".join(c if c in _CSS_PLAIN else f"\\{ord(c):06x}" for c in value) + '"'


def _page_css(seal: Provenance) -> str:
    """A4 pages whose footers tie each printed page to the signed evidence."""
    return (
        "@page { size: A4; margin: 16mm 14mm 20mm 14mm;\n"
        f"  @bottom-left {{ content: {_css_string(seal.footer())}; font: 7.5pt/1.3 system-ui, "
        "Arial, sans-serif; color: #59636e; }\n"
        '  @bottom-right { content: "Page " counter(page) " of " counter(pages); '
        "font: 7.5pt/1.3 system-ui, Arial, sans-serif; color: #59636e; width: 22mm; }\n}\n"
    )


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def _badge(verdict: str) -> str:
    return f'<span class="badge {_CLASS[verdict]}">{_e(verdict)}</span>'


def _link(title: str, url: str) -> str:
    if urlsplit(url).scheme in ("http", "https"):
        return f'<a href="{_e(url)}" rel="noreferrer noopener">{_e(title)}</a>'
    return f"{_e(title)} ({_e(url)})"


def _waiver_line(o: ObligationResult) -> str:
    w = o.waiver
    assert w is not None
    unwaived = o.unwaived_verdict.value if o.unwaived_verdict else ""
    return (
        f"<li><strong>{_e(o.obligation.id)} {_e(o.obligation.title)}</strong>: "
        f"{_badge('WAIVED')} — without the waiver it would be {_badge(unwaived)}. "
        f"Waiver {_e(w.reference)}, approved by {_e(w.approved_by)}, in force until "
        f"{_e(w.expires.isoformat())}. Scope: {_e(w.scope)}</li>"
    )


def _header(result: RunResult) -> list[str]:
    place = jurisdiction(result.jurisdiction)
    verdict = result.verdict.value
    counted = [o for o in result.obligations if o.obligation.id not in result.not_in_scope]
    tally = Counter(o.verdict.value for o in counted)
    parts = [f"{n} {_e(v.lower())}" for v in (x.value for x in Verdict) if (n := tally.get(v, 0))]
    outside = (
        f"; {count(len(result.not_in_scope), 'obligations')} not in this run's scope"
        if result.not_in_scope
        else ""
    )
    out = [
        "<h1>Firewall conformance: can this system leak victims' and witnesses' data to "
        "immigration enforcement?</h1>",
        f'<section class="verdict {_CLASS[verdict]}" aria-label="Run verdict">',
        f'<div class="word">{_e(verdict)}</div>',
        *([f"<p><strong>{_e(result.headline)}</strong></p>"] if result.not_in_scope else []),
        f"<p><strong>{_e(run_meaning(result))}</strong></p>",
        f"<p>{_e(result.reason)}</p>",
        "</section>",
        f'<p class="tally">{count(len(counted), "obligations")} in scope: '
        f"{', '.join(parts) or 'none'}{_e(outside)}. Target: <strong>{_e(result.target.get('name', 'unknown'))}"
        f"</strong>, {_e(result.jurisdiction)} profile ({_e(place.name)}), run "
        f"{_e(result.run_id)}.</p>",
    ]
    waived = [o for o in result.obligations if o.verdict is Verdict.WAIVED]
    if waived:
        out += [
            '<section class="box waived"><h2>Waived, not compliant</h2>',
            "<p>These obligations were <strong>not kept</strong>. They are accepted for now by "
            "an accountable, expiring decision, and are not counted as compliant.</p><ul>",
            *(_waiver_line(o) for o in waived),
            "</ul></section>",
        ]
    out += [
        f'<section class="box"><h2>What the verdicts mean in {_e(place.name)}</h2>',
        f"<p>Immigration enforcement here means {_e(place.restricted_recipient)}. "
        f"{_e(place.standing)}</p><ul>",
        *(f"<li>Caveat: {_e(c)}</li>" for c in place.caveats),
        *(f'<li>Source: <a href="{_e(s.url)}">{_e(s.title)}</a></li>' for s in place.sources),
        "</ul></section>",
    ]
    if result.notes:
        out += ['<section class="box notes"><h2>Warnings and notes</h2><ul>']
        out += [f"<li>{_e(note)}</li>" for note in result.notes]
        out += ["</ul></section>"]
    return out


def _at_a_glance(result: RunResult) -> list[str]:
    out = [
        "<h2>At a glance</h2>",
        "<table><thead><tr><th>Obligation</th><th>Verdict</th><th>What it promises</th>"
        "<th>Basis</th></tr></thead><tbody>",
    ]
    out += [
        f'<tr><td class="id">{_e(o.obligation.id)}</td><td>{_badge(o.verdict.value)}</td>'
        f"<td>{_e(o.obligation.title)}</td><td>{_e(BASIS_MEANING.get(o.basis, o.basis))}</td></tr>"
        for o in result.obligations
    ]
    return [*out, "</tbody></table>"]


def _why(o: ObligationResult) -> str:
    """The obligation's reason, scenario by scenario where there were scenarios."""
    lead = f"<p>{_e(o.obligation.statement)}</p>"
    if o.waiver is not None:
        lead += (
            f"<p><strong>Waived</strong> under {_e(o.waiver.reference)} by "
            f"{_e(o.waiver.approved_by)} until {_e(o.waiver.expires.isoformat())}: "
            f"{_e(o.waiver.justification)}</p>"
        )
    if not o.scenarios:
        return f"{lead}<p>{_e(o.reason)}</p>"
    items = "".join(
        f'<li>{_e(s.name)}: <span class="outcome">{_e(s.outcome.value)}</span> — {_e(s.reason)}</li>'
        for s in o.scenarios
    )
    note = not_examined_note(o.not_examined)
    return f"{lead}<ul>{items}</ul>" + (f"<p>{_e(note.strip())}</p>" if note else "")


def _obligation(o: ObligationResult, profile: str) -> str:
    """One obligation as a block: heading, what the verdict means, why, and its sources."""
    sources = "; ".join(
        _link(source_title(s, profile), s.url) for s in o.obligation.sources_for(profile)
    )
    return (
        f'<section class="obligation" id="{_e(o.obligation.id)}">'
        f'<h3><span class="id">{_e(o.obligation.id)}</span>{_e(o.obligation.title)} '
        f"{_badge(o.verdict.value)}</h3>"
        f'<p class="muted">{_e(o.verdict.value.capitalize())}: {_e(VERDICT_MEANING[o.verdict])}. '
        f"Basis: {_e(BASIS_MEANING.get(o.basis, o.basis))}.</p>"
        f'<div class="why">{_why(o)}</div>'
        + (f'<p class="sources">Sources: {sources}</p>' if sources else "")
        + "</section>"
    )


def _obligations(result: RunResult) -> list[str]:
    return [
        "<h2>Obligations in detail</h2>",
        *(_obligation(o, result.jurisdiction) for o in result.obligations),
    ]


def _seal(seal: Provenance) -> list[str]:
    """The same facts as each printed page's footer, in full."""
    return [
        '<section class="box seal" aria-label="The signed evidence this page belongs to">',
        "<h2>The signed evidence this page belongs to</h2>",
        '<dl class="facts">',
        f"<dt>Run</dt><dd>{_e(seal.run_id)}, verdict {_e(seal.verdict)}</dd>",
        f"<dt>Signing key</dt><dd><code>{_e(seal.fingerprint)}</code> ({_e(seal.key)}: "
        f"{_e(seal.key_status)})</dd>",
        f"<dt>Suite</dt><dd>{_e(seal.suite_status)}</dd>",
        f"<dt>Suite hash</dt><dd><code>{_e(seal.suite_hash)}</code></dd>",
        "</dl></section>",
    ]


def _searched(result: RunResult) -> list[str]:
    scenarios = [s for o in result.obligations for s in o.scenarios]
    unique = {s.name: s for s in scenarios}
    channels = sorted({f["source"] for s in unique.values() for f in s.findings if f.get("source")})
    out = [
        "<h2>What was searched</h2>",
        '<dl class="facts">',
        f"<dt>Target</dt><dd>{_e(result.target.get('name', 'unknown'))} at "
        f"<code>{_e(result.target.get('base_url', ''))}</code></dd>",
        f"<dt>Target profile</dt><dd><code>{_e(result.target.get('profile', ''))}</code></dd>",
        f"<dt>Scenarios run</dt><dd>{len(unique)}</dd>",
        f"<dt>Examined</dt><dd>{_e(counts(result.examined.counts))}</dd>",
        f"<dt>Test persons planted</dt><dd>{_e(result.personas.get('planted', 0))}, removed "
        f"and confirmed gone: {_e(result.personas.get('removed', 0))}</dd>",
    ]
    if channels:
        out.append(
            "<dt>Where planted data was found</dt><dd>"
            + "; ".join(_e(c) for c in channels)
            + "</dd>"
        )
    out.append("</dl>")
    return out


def _not_tested(result: RunResult) -> list[str]:
    untested = [o for o in result.obligations if o.verdict is Verdict.NOT_TESTED]
    out = ["<h2>Not tested, and why</h2>"]
    if not untested:
        return [*out, "<p>Every obligation in scope was tested.</p>"]
    out.append("<ul>")
    out += [
        f"<li><strong>{_e(o.obligation.id)} {_e(o.obligation.title)}</strong>: {_e(o.reason)}</li>"
        for o in untested
    ]
    return [*out, "</ul>"]


def _not_examined(result: RunResult) -> list[str]:
    partial = [o for o in result.obligations if o.not_examined]
    out = ["<h2>Not examined, and why</h2>"]
    if not partial:
        return [*out, "<p>No check reported anything it could not examine.</p>"]
    out.append(f"<p>{_e(NOT_EXAMINED_MEANING)}</p><ul>")
    for o in partial:
        items = "".join(f"<li>{_e(item)}</li>" for item in o.not_examined)
        out.append(
            f"<li><strong>{_e(o.obligation.id)} {_e(o.obligation.title)}</strong> "
            f"{_badge(o.verdict.value)}<ul>{items}</ul></li>"
        )
    return [*out, "</ul>"]


def _waivers(result: RunResult) -> list[str]:
    out = ["<h2>Waivers in force</h2>"]
    if not result.waivers:
        return [*out, "<p>None. No obligation was waived for this run.</p>"]
    used = {o.waiver.reference for o in result.obligations if o.waiver}
    out.append(
        "<table><thead><tr><th>Obligation</th><th>Reference</th><th>Scope</th>"
        "<th>Justification</th><th>Approved by</th><th>Expires</th><th>Applied</th></tr>"
        "</thead><tbody>"
    )
    for w in result.waivers:
        applied = "yes" if w.reference in used else "no: the obligation did not need it"
        out.append(
            f'<tr><td class="id">{_e(w.obligation)}</td><td>{_e(w.reference)}</td>'
            f"<td>{_e(w.scope)}</td><td>{_e(w.justification)}</td><td>{_e(w.approved_by)}</td>"
            f"<td>{_e(w.expires.isoformat())}</td><td>{applied}</td></tr>"
        )
    return [*out, "</tbody></table>"]


def _about(result: RunResult, allure_report: str | None) -> list[str]:
    out = [
        "<h2>About this run</h2>",
        '<dl class="facts">',
        f"<dt>Run</dt><dd>{_e(result.run_id)}</dd>",
        f"<dt>Started, finished</dt><dd>{_e(result.started_at)} to {_e(result.finished_at)}</dd>",
        f"<dt>Tool</dt><dd>firewall-conformance {_e(result.tool_version)}</dd>",
        f"<dt>Exit code</dt><dd>{result.verdict.exit_code}</dd>",
    ]
    if allure_report:
        out.append(
            f'<dt>Details</dt><dd><a href="{_e(allure_report)}">Step-by-step report</a> '
            "(every scenario, step, check and HTTP exchange)</dd>"
        )
    out += [
        "</dl>",
        '<p class="muted">The files of this run are listed with their SHA-256 in '
        "<code>evidence/manifest.json</code>, signed with Ed25519. Check that none was changed "
        "with <code>firewall-conformance verify --reports &lt;this folder&gt; --public-key KEY.pem</code>."
        "</p>",
    ]
    return out


def render(result: RunResult, seal: Provenance, allure_report: str | None = None) -> str:
    body = [
        *_header(result),
        *_seal(seal),
        *_at_a_glance(result),
        *_obligations(result),
        *_searched(result),
        *_not_tested(result),
        *_not_examined(result),
        *_waivers(result),
        *_about(result, allure_report),
    ]
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">\n'
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'; img-src data:\">\n"
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>Firewall conformance: {_e(result.headline)} ({_e(result.run_id)})</title>\n"
        f"<style>{_CSS}{_page_css(seal)}</style></head>\n<body>\n"
        + "\n".join(body)
        + "\n</body></html>\n"
    )


def write(
    result: RunResult, path: Path, seal: Provenance, allure_report: str | None = None
) -> None:
    path.write_text(render(result, seal, allure_report), encoding="utf-8")
