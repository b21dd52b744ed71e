"""axe-core (vendored in tests/e2e/vendor/, never from a CDN) in every browser test.

Every browser context the tests open gets axe-core as an init script (Chromium runs it in
each document before the page's own scripts, so the app's Content-Security-Policy is not
loosened for the test). A small runner beside it audits the page against the WCAG 2.1 A and
AA rules when it has loaded and again after every HTMX swap, and reports to the test through
an exposed function; the last state of every page still open is audited explicitly when its
context closes. Any violation fails the test that saw it. `audit(page, state)` checks one
state on demand, for the tests that walk pages on purpose; such a test calls
`audited_by_hand(page)` first, and the runner leaves its pages to it (each load and swap
would otherwise be audited once more)."""

import json
from dataclasses import dataclass, field
from pathlib import Path

AXE_SOURCE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_21_AA}, "resultTypes": ["violations"]}
# Pages the app does not write: Django's admin and the vendored Swagger UI / Redoc.
NOT_OURS = ("/admin/", "/api/")

# In the page: the violations of one run, made small enough to read in a test report.
SUMMARY = """violations => violations.map(v => ({
  id: v.id, impact: v.impact, help: v.help,
  nodes: v.nodes.slice(0, 12).map(n => ({target: n.target.join(' '), html: n.html.slice(0, 160),
                                        summary: (n.failureSummary || '').slice(0, 300)})),
}))"""

RUNNER = f"""
(() => {{
  if (window.top !== window || typeof axe === 'undefined') return;
  const options = {json.dumps(OPTIONS)};
  const summary = {SUMMARY};
  // One run at a time (axe refuses a second): the runner's and the test's audits queue here.
  let queue = Promise.resolve();
  window.__a11yRun = () => {{
    const next = queue.then(() => axe.run(document, options)).then(r => summary(r.violations));
    queue = next.catch(() => null);
    return next;
  }};
  let timer = null;
  const run = async state => {{
    try {{
      const violations = await window.__a11yRun();
      await window.__a11yReport({{url: location.href, state, violations}});
    }} catch (error) {{
      /* the page went away mid-run: the last state of a page is audited on close */
    }}
  }};
  const schedule = state => {{
    if (window.__a11yByHand) return;
    clearTimeout(timer);
    timer = setTimeout(() => run(state), 300);
  }};
  addEventListener('load', () => schedule('loaded'));
  document.addEventListener('htmx:afterSettle', () => schedule('after an HTMX swap'));
}})();
"""


# The audit of the page as it is, with a safety net: an audit that never ends (a page that
# stopped answering) fails the test with that reason instead of holding the run forever.
AUDIT_NOW = """() => Promise.race([
  window.__a11yRun(),
  new Promise((_, reject) => setTimeout(() => reject(new Error('axe-core never finished')), 12e4)),
])"""


def ours(url: str) -> bool:
    return url.startswith("http") and not any(part in url for part in NOT_OURS)


def describe(url: str, state: str, violations: list[dict]) -> str:
    lines = [f"{url} ({state}):"]
    for violation in violations:
        lines.append(f"  [{violation['impact']}] {violation['id']}: {violation['help']}")
        for node in violation["nodes"]:
            lines.append(f"      {node['target']}  {node['html']}")
            lines.append(f"        {node['summary']}".replace("\n", " "))
    return "\n".join(lines)


def audited_by_hand(page) -> None:
    """From the next page on, the pages of `page`'s context are audited only by `audit`."""
    page.context.add_init_script(script="window.__a11yByHand = true;")


def audit(page, state: str = "as shown") -> None:
    """Audit `page` as it is now (a page the app writes); raise AssertionError naming every
    violation."""
    if not ours(page.url):
        return
    page.wait_for_load_state("load")  # a page still loading its stylesheets is not audited
    violations = page.evaluate(AUDIT_NOW)
    assert not violations, "axe-core found WCAG 2.1 AA violations:\n" + describe(
        page.url, state, violations
    )


@dataclass
class Audits:
    """What axe-core saw during one test."""

    checked: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    def record(self, report: dict) -> None:
        if not ours(report["url"]):
            return
        self.checked.append(f"{report['url']} ({report['state']})")
        if report["violations"]:
            self.failures.append(describe(report["url"], report["state"], report["violations"]))

    def attach(self, context) -> None:
        context.expose_function("__a11yReport", self.record)
        context.add_init_script(script=AXE_SOURCE + RUNNER)

    def audit_open_pages(self, context) -> None:
        for page in context.pages:
            if page.is_closed() or not ours(page.url):
                continue
            try:
                audit(page, "last state")
                self.checked.append(f"{page.url} (last state)")
            except AssertionError as error:
                self.failures.append(str(error))

    def assert_clean(self) -> None:
        assert not self.failures, "\n\n".join(self.failures)


class AuditedContext:
    """A browser context whose pages are audited, the last state of each when it closes."""

    def __init__(self, context, audits: Audits) -> None:
        self._context = context
        self._audits = audits
        self.closed = False
        audits.attach(context)

    def __getattr__(self, name):
        return getattr(self._context, name)

    def close(self, **kwargs) -> None:
        if not self.closed:
            self.closed = True
            self._audits.audit_open_pages(self._context)
            self._context.close(**kwargs)


class AuditedBrowser:
    """The session's browser; each context it opens belongs to the current test's audits."""

    def __init__(self, browser) -> None:
        self._browser = browser
        self.audits = Audits()
        self.contexts: list[AuditedContext] = []

    def __getattr__(self, name):
        return getattr(self._browser, name)

    def new_context(self, **kwargs) -> AuditedContext:
        # colours are audited at rest: with reduced motion Bootstrap turns off the buttons'
        # colour transitions, which axe would otherwise catch half-way (a hover on a button
        # that has just appeared under the pointer)
        kwargs.setdefault("reduced_motion", "reduce")
        context = AuditedContext(self._browser.new_context(**kwargs), self.audits)
        self.contexts.append(context)
        return context

    def begin_test(self) -> None:
        self.audits = Audits()
        self.contexts = []

    def end_test(self) -> Audits:
        """Close what the test left open (auditing it), and hand back what was seen."""
        for context in self.contexts:
            context.close()
        return self.audits
