"""The help link of every page the demo roles work on opens the chapter heading about that page."""

import re
from datetime import date
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.urls import Resolver404, resolve

from pcmd.guide import chapters
from pcmd.guide.help import HELP, help_url, target_for
from pcmd.guide.shots import SHOTS

pytestmark = pytest.mark.django_db


class Links(HTMLParser):
    """Every link's href, and the help link's, as the browser reads them."""

    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.help: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and a.get("href"):
            self.hrefs.append(a["href"])
            if a.get("id") == "help-link":
                self.help.append(a["href"])


def links_of(html: str) -> Links:
    parser = Links()
    parser.feed(html)
    return parser


class HeadingIds(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        if tag in {"h1", "h2", "h3"} and dict(attrs).get("id"):
            self.ids.add(dict(attrs)["id"])


def _open(client, path: str):
    r = client.get(path)
    body = r.content.decode()
    if r.status_code == 200 and 'name="purpose"' in body:  # a support case asks why it is read first
        r = client.post(path, {"purpose": "service"}, follow=True)
        body = r.content.decode()
    assert r.status_code == 200, f"{path}: {r.status_code}"
    return body


def _pages(client, user: str):
    """Each of the user's main pages (guide.shots), a record's page found as the user finds it: the first link."""
    for shot in SHOTS[user]:
        path = shot.path
        body = _open(client, path)
        if shot.follow:
            prefix = re.search(r"href\^='([^']+)'", shot.follow).group(1)  # type: ignore[union-attr]
            hrefs = [h for h in links_of(body).hrefs if h.startswith(prefix) and h.split("?")[0] != path]
            path = next(h for h in hrefs if resolve(urlsplit(h).path).kwargs)
            body = _open(client, path)
        yield path, body


@pytest.fixture
def demo_users():
    from pcmd.accounts.models import User
    from pcmd.demo.accounts import seed_users

    seed_users()
    users = {u.username: u for u in User.objects.filter(username__in=SHOTS)}
    # As `pcmd seed_demo` does once the users exist: the demo support worker supervises the first provider.
    from pcmd.support.models import Provider, Staff

    Staff.objects.get_or_create(provider=Provider.objects.order_by("pk").first(), user=users["hotro"],
                                valid_from=date(2021, 1, 1), defaults={"supervisor": True})  # fmt: skip
    return users


def test_every_target_is_a_heading_of_its_chapter():
    anchors = {c.slug: set(c.anchors) for c in chapters.load(lambda name: None)}
    for key, target in HELP.items():
        slug, _, anchor = target.partition("#")
        assert slug in anchors, f"{key}: no chapter {slug}"
        assert anchor in anchors[slug], f"{key}: no heading #{anchor} in chapter {slug}"


def test_help_links_of_the_demo_roles_pages_open_existing_headings(client, demo_users):
    chapter_ids: dict[str, set[str]] = {}

    def heading_exists(href: str) -> bool:
        parts = urlsplit(href)
        if parts.path not in chapter_ids:
            r = client.get(parts.path)
            assert r.status_code == 200, f"{href}: {r.status_code}"
            parser = HeadingIds()
            parser.feed(r.content.decode())
            chapter_ids[parts.path] = parser.ids
        return parts.fragment in chapter_ids[parts.path]

    seen_names: set[str] = set()
    for username, user in demo_users.items():
        client.force_login(user)
        for path, body in _pages(client, username):
            page = links_of(body)
            match = resolve(urlsplit(path).path)
            # The page's own link: exactly one, to the chapter that explains this page, on a heading that exists.
            assert len(page.help) == 1, f"{username} {path}: {len(page.help)} help links"
            expected = target_for(match.view_name, match.namespace)
            assert expected, f"{username} {path}: {match.view_name} has no chapter"
            assert page.help[0] == help_url(expected), f"{username} {path}: {page.help[0]}"
            assert heading_exists(page.help[0]), f"{username} {path}: {page.help[0]} is not a heading"
            # Every page these pages link to has a chapter heading too.
            for href in page.hrefs:
                url = urlsplit(urljoin(path, href))
                if url.netloc or url.path.startswith(("/static/", "/media/", "/huong-dan/")):
                    continue
                try:
                    linked = resolve(url.path)
                except Resolver404:
                    raise AssertionError(f"{username} {path}: link to {href} opens no page") from None
                target = target_for(linked.view_name, linked.namespace)
                assert target, f"{username} {path}: {linked.view_name} has no chapter"
                assert heading_exists(help_url(target)), f"{linked.view_name}: {target} is not a heading"
                seen_names.add(linked.view_name)
        client.logout()
    # The walk reached every role's work, not a handful of pages.
    assert {"tips:detail", "establishments:detail", "outreach:plans", "dashboard:indicator", "support:detail",
            "reports:list", "audit:log", "admin:index"} <= seen_names  # fmt: skip


def test_signed_out_pages_help_too(client):
    page = links_of(client.get("/accounts/login/").content.decode())
    assert page.help == ["/huong-dan/bat-dau/#dang-nhap"]
    missing = links_of(client.get("/khong-co-trang-nay/").content.decode())
    assert missing.help == ["/huong-dan/"]
