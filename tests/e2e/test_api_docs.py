from playwright.sync_api import expect

from tests.e2e.conftest import screenshot


def test_api_docs_work_offline_under_the_csp(live_server, page):
    csp_errors, outside = [], []
    page.on(
        "console",
        lambda message: "Content Security Policy" in message.text and csp_errors.append(message),
    )
    page.on(
        "request",
        lambda request: not request.url.startswith(live_server.url) and outside.append(request),
    )
    page.goto(f"{live_server.url}/api/v1/docs/")
    expect(page.get_by_text("Summary figures")).to_be_visible()
    expect(page.get_by_text("Report progress on a task")).to_be_visible()
    screenshot(page, "api-docs-desktop")
    assert outside == []
    assert [m.text for m in csp_errors if "script" in m.text] == []
