"""Every route of the URL conf, made concrete, for the tests that walk them all as every role."""

import re

from django.urls import URLPattern, URLResolver, get_resolver


def routes(resolver=None, prefix=""):
    """(route, view) for every URL pattern of the project."""
    for p in (resolver or get_resolver()).url_patterns:
        route = prefix + str(p.pattern)
        if isinstance(p, URLResolver):
            yield from routes(p, route)
        elif isinstance(p, URLPattern):
            yield route, p.callback


def concrete(route, pk):
    route = route.lstrip("^").rstrip("$")
    route = re.sub(r"<int:\w+>|<\w*(?:id|pk)>|\{\w+\}", str(pk), route)
    route = re.sub(r"<(?:str|slug|path):\w+>|<\w+>", "T13", route)
    return "/" + route.replace("\\", "") + "?period=2024&year=2024&unit=96"


def body(response) -> str:
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    return raw.decode(errors="replace")
