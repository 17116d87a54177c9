"""The help link of every page: the guide's chapter for the page being shown (guide.help)."""

from __future__ import annotations

from django.http import HttpRequest

from pcmd.guide.help import help_url, target_for


def help_link(request: HttpRequest) -> dict[str, str]:
    match = getattr(request, "resolver_match", None)
    target = target_for(match.view_name, match.namespace) if match else None
    return {"help_url": help_url(target)}
