from datetime import date

import pytest

from pcmd.accounts.models import Role
from tests.factories import PASSWORD, member

pytestmark = pytest.mark.e2e


def _login(page, url, username):
    page.goto(f"{url}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()


def _cells_under_headers(page):
    """(header text, cell data-year, cell text) for every cell of the scorecard, read as a user reads it:
    the cell's position in its row against the header at the same position."""
    headers = page.locator("#scorecard thead th").all_inner_texts()
    out = []
    for row in page.locator("#scorecard tbody tr").all():
        for i, td in enumerate(row.locator("td").all()):
            out.append((headers[i + 1], td.get_attribute("data-year"), td.inner_text()))
            for half in td.locator("[data-period]").all():  # 2025's halves sit under 2025
                assert half.get_attribute("data-period")[:4] == headers[i + 1], headers[i + 1]
    return out


@pytest.mark.parametrize(("code", "on", "before"), [("xa", date(2025, 7, 1), "chưa thành lập"),
                                                     ("31999", date(2021, 1, 1), None)])  # fmt: skip
def test_every_scorecard_cell_sits_under_its_year(
    live_server, page, reference_data, screenshot_dir, code, on, before
):
    from pcmd.demo.accounts import demo_commune

    unit_code = demo_commune().code if code == "xa" else code
    member(Role.LOCAL_OFFICER, unit_code, on=on, username=f"u{unit_code}")
    _login(page, live_server.url, f"u{unit_code}")
    cells = _cells_under_headers(page)
    rows = page.locator("#scorecard tbody tr").count()
    assert rows >= 5 and len(cells) == rows * 7  # the target and a cell under each of the six year columns
    for header, year, text in cells:
        if header == "Mục tiêu":
            continue
        assert year == header, (header, year, text)
        if before and int(year) < on.year:
            assert before in text
        if not before and int(year) < 2025:
            assert "Không áp dụng" not in text
    if screenshot_dir:
        page.screenshot(path=f"{screenshot_dir}/scorecard-{code}.png", full_page=True)
