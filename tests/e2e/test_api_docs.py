"""The API documentation renders from PCMD's own files, with every other host unreachable."""

from urllib.parse import urlparse

import pytest

pytestmark = pytest.mark.e2e


def test_api_docs_render_endpoints_with_the_network_blocked(live_server, page):
    own = urlparse(live_server.url).netloc
    refused: list[str] = []

    def guard(route):
        if urlparse(route.request.url).netloc == own:
            route.continue_()
        else:
            refused.append(route.request.url)
            route.abort()

    page.route("**/*", guard)
    csp_errors: list[str] = []
    page.on("console", lambda m: csp_errors.append(m.text) if "Content Security Policy" in m.text else None)
    page.goto(f"{live_server.url}/api/v1/docs")
    paths = page.locator(".opblock-summary-path")
    paths.first.wait_for()
    shown = {paths.nth(i).inner_text().replace("\u200b", "") for i in range(paths.count())}
    assert {"/api/v1/units", "/api/v1/indicators"} <= shown
    assert page.locator(".info .title").inner_text().startswith("PCMD API")
    assert refused == []
    assert csp_errors == []
