"""/admin/ names every app and model in Vietnamese, as an official reads the index page."""

import re
from html import unescape

from django.contrib import admin

from pcmd.accounts.models import User

# Vietnamese names built only from unaccented letters are rare; these are the ones the index may show.
_UNACCENTED_VIETNAMESE = {"khóa API"}


def _looks_vietnamese(text: str) -> bool:
    return text in _UNACCENTED_VIETNAMESE or any(ord(c) > 127 for c in text)


def test_admin_index_shows_every_app_and_model_in_vietnamese(client, db):
    boss = User.objects.create_superuser("quantri-test", password="x-mat-khau-1")
    client.force_login(boss)
    html = client.get("/admin/").content.decode()
    captions = [unescape(c).strip() for c in re.findall(r"<caption>\s*<a [^>]*>(.*?)</a>", html, re.S)]
    models = [
        unescape(m).strip() for m in re.findall(r'<th scope="row"[^>]*>\s*<a [^>]*>(.*?)</a>', html, re.S)
    ]
    registered_apps = {m._meta.app_label for m in admin.site._registry}
    assert len(captions) == len(registered_apps)
    assert len(models) == len(admin.site._registry)
    english = [t for t in captions + models if not _looks_vietnamese(t)]
    assert english == [], english
    assert "Khóa đăng nhập sai" in captions and "Tác vụ nền" in captions
