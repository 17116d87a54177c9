"""The screenshots of the user guide: which demo user opens which page, and the file each one becomes.

Pure data (no Django import): `scripts/screens.py` takes these shots, the guide's chapters embed them by file name
(`<user>-<slug>-<size>.png`) and a test checks that every image a chapter names is one of them.
"""

from __future__ import annotations

from dataclasses import dataclass

SIZES = {"desktop": (1366, 800), "phone": (390, 844)}


@dataclass(frozen=True)
class Shot:
    slug: str
    path: str  # the page to open
    follow: str = ""  # CSS selector: open the first matching link on `path` instead (a record's own page)

    def filename(self, user: str, size: str) -> str:
        return f"{user}-{self.slug}-{size}.png"


# Each demo user (src/pcmd/demo/accounts.py) with their home first, then the pages of their daily work.
SHOTS: dict[str, list[Shot]] = {
    "congan": [
        Shot("home", "/"),
        Shot("tips", "/tips/"),
        Shot("tip", "/tips/", follow="table a[href^='/tips/']"),
        Shot("tip-new", "/tips/new/"),
        Shot("cases", "/tips/cases/"),
    ],
    "kiemtra": [
        Shot("home", "/"),
        Shot("establishments", "/establishments/"),
        Shot("establishment", "/establishments/", follow="table a[href^='/establishments/']"),
        Shot("inspection-plans", "/establishments/plans/"),
    ],
    "xa": [
        Shot("home", "/"),
        Shot("activities", "/outreach/"),
        Shot("activity-import", "/outreach/import/"),
        Shot("local-plans", "/outreach/plans/"),
        Shot("reach", "/outreach/reach/"),
        Shot("tasks", "/plans/"),
    ],
    "huyen": [Shot("home", "/"), Shot("local-plans", "/outreach/plans/")],
    "vanhoa": [Shot("home", "/"), Shot("activities", "/outreach/"), Shot("press", "/outreach/press/")],
    "lanhdao": [
        Shot("home", "/"),
        Shot("indicator", "/dashboard/T10/"),
        Shot("reports", "/reports/"),
        Shot("plan", "/plans/"),
    ],
    "thuongtruc": [
        Shot("home", "/"),
        Shot("plan", "/plans/"),
        Shot("reports", "/reports/"),
        Shot("training", "/outreach/training/"),
        Shot("models", "/outreach/models/"),
    ],
    "hotro": [
        Shot("home", "/"),
        Shot("support", "/support/"),
        Shot("client", "/support/", follow="table a[href^='/support/']"),
        Shot("client-new", "/support/new/"),
        Shot("staff", "/support/staff/"),
    ],
    "quantri": [
        Shot("home", "/"),
        Shot("admin", "/admin/"),
        Shot("users", "/admin/accounts/user/"),
        Shot("clock-rules", "/admin/tips/clockrule/"),
        Shot("profile", "/accounts/me/"),
    ],
    "giamsat": [Shot("home", "/"), Shot("audit", "/audit/")],
}

# Taken on the way: the login page (signed out), and the second factor's set-up and backup codes (the first
# sign-in of a user whose role needs it).
LOGIN = "login"
TWO_FACTOR_SETUP = "2fa-setup"
BACKUP_CODES = "2fa-backup-codes"


def all_filenames() -> set[str]:
    names = {f"{LOGIN}-{size}.png" for size in SIZES}
    for user, shots in SHOTS.items():
        for shot in shots:
            names.update(shot.filename(user, size) for size in SIZES)
    for size in SIZES:
        names.update({f"quantri-{TWO_FACTOR_SETUP}-{size}.png", f"quantri-{BACKUP_CODES}-{size}.png"})
    return names
