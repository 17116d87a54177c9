"""The floor: the SQL a database engineer would write by hand for the matrix, per engine. One query per measure
covers every period at once: the periods are a VALUES table joined to the facts and the result is grouped by
(period, unit). No roll-up, no statuses: a lower bound for the engine, not an alternative to it.

Cumulative measures (inspected since 2021, officials trained since 2021) first reduce each establishment or
official to the date it first qualified, so a period joins one row per subject, not every earlier event."""

from __future__ import annotations

from datetime import date

from django.db import connection

PLAN_START = date(2021, 1, 1)

# Engine-specific pieces: a date literal, the (year, quarter) key, the month key, the smaller of two numbers.
DIALECT = {
    "postgresql": {
        "date": "DATE '{}'",
        "quarter": "(EXTRACT(YEAR FROM {c})::int * 10 + (EXTRACT(MONTH FROM {c})::int + 2) / 3)",
        "month": "date_trunc('month', {c})",
        "least": "LEAST({a}, {b})",
    },
    "sqlite": {
        "date": "'{}'",
        "quarter": "(CAST(strftime('%Y', {c}) AS INTEGER) * 10 + (CAST(strftime('%m', {c}) AS INTEGER) + 2) / 3)",
        "month": "strftime('%Y%m', {c})",
        "least": "MIN({a}, {b})",
    },
}

HOME_AT_END = "h.valid_from <= p.pe AND (h.valid_to IS NULL OR h.valid_to >= p.pe)"
ACTIVE_AT = "e.opened_on <= p.{d} AND (e.closed_on IS NULL OR e.closed_on > p.{d})"

SQL = {
    "active_at_start": f"""
        SELECT p.pid, h.unit_id, COUNT(*) FROM p
        JOIN establishments_establishment e ON {ACTIVE_AT.format(d="ps")}
        JOIN establishments_establishmenthome h ON h.establishment_id = e.id AND {HOME_AT_END}
        GROUP BY p.pid, h.unit_id""",
    "inspected_active_at_start": f"""
        SELECT p.pid, h.unit_id, COUNT(DISTINCT e.id) FROM p
        JOIN establishments_inspection i ON i.inspected_on BETWEEN p.ps AND p.pe
        JOIN establishments_establishment e ON e.id = i.establishment_id AND {ACTIVE_AT.format(d="ps")}
        JOIN establishments_establishmenthome h ON h.establishment_id = e.id AND {HOME_AT_END}
        GROUP BY p.pid, h.unit_id""",
    "active_in_range": f"""
        SELECT p.pid, h.unit_id, COUNT(*) FROM p
        JOIN establishments_establishment e ON e.opened_on <= p.pe AND (e.closed_on IS NULL OR e.closed_on > {{rstart}})
        JOIN establishments_establishmenthome h ON h.establishment_id = e.id AND {HOME_AT_END}
        GROUP BY p.pid, h.unit_id""",
    "inspected_cumulative": f"""
        WITH first AS (SELECT establishment_id, MIN(inspected_on) AS first_on FROM establishments_inspection
                       WHERE inspected_on >= {{rstart}} GROUP BY establishment_id)
        SELECT p.pid, h.unit_id, COUNT(*) FROM p
        JOIN first f ON f.first_on <= p.pe
        JOIN establishments_establishmenthome h ON h.establishment_id = f.establishment_id AND {HOME_AT_END}
        GROUP BY p.pid, h.unit_id""",
    "communes_with_regular_activity": """
        SELECT p.pid, a.unit_id, COUNT(DISTINCT {quarter_a}) FROM p
        JOIN outreach_communicationactivity a ON a.held_on BETWEEN p.ps AND p.pe
        GROUP BY p.pid, a.unit_id""",
    "months_with_press_item": """
        SELECT p.pid, COUNT(DISTINCT {month_n}) FROM p
        JOIN outreach_pressitem n ON n.published_on BETWEEN p.ps AND p.pe
        JOIN outreach_outlet o ON o.id = n.outlet_id AND o.press_agency
        GROUP BY p.pid""",
    "workers_at_active": f"""
        SELECT p.pid, h.unit_id, SUM(e.total_workers) FROM p
        JOIN establishments_establishment e ON {ACTIVE_AT.format(d="pe")}
        JOIN establishments_establishmenthome h ON h.establishment_id = e.id AND {HOME_AT_END}
        GROUP BY p.pid, h.unit_id""",
    "workers_reached": f"""
        SELECT p.pid, h.unit_id, SUM({{least_reach}}) FROM p
        JOIN establishments_workerreach r ON r.year BETWEEN p.ys AND p.ye
        JOIN establishments_establishment e ON e.id = r.establishment_id AND {ACTIVE_AT.format(d="pe")}
        JOIN establishments_establishmenthome h ON h.establishment_id = e.id AND {HOME_AT_END}
        GROUP BY p.pid, h.unit_id""",
    "zones": """
        SELECT p.pid, z.unit_id, SUM(y.workers), SUM(y.workers_reached) FROM p
        JOIN outreach_zoneyear y ON y.year BETWEEN p.ys AND p.ye
        JOIN outreach_industrialzone z ON z.id = y.zone_id
        GROUP BY p.pid, z.unit_id""",
    "schools": """
        SELECT p.pid, s.unit_id, SUM(y.enrolled), SUM(y.students_reached) FROM p
        JOIN outreach_schoolyear y ON y.year BETWEEN p.ys AND p.ye
        JOIN outreach_school s ON s.id = y.school_id
        GROUP BY p.pid, s.unit_id""",
    "plans_and_integration": """
        SELECT p.pid, l.unit_id, MAX(CASE WHEN l.activities_organised THEN 1 ELSE 0 END), COUNT(i.program_id) FROM p
        JOIN outreach_localplan l ON l.year BETWEEN p.ys AND p.ye
        LEFT JOIN outreach_localplan_integrated_with i ON i.localplan_id = l.id
        GROUP BY p.pid, l.unit_id""",
    "pilot_models": """
        SELECT DISTINCT p.pid, m.unit_id FROM p
        JOIN outreach_pilotmodel m ON m.started_on <= p.pe AND (m.ended_on IS NULL OR m.ended_on >= p.ps)""",
    "officials_rostered": """
        SELECT p.pid, o.unit_id, COUNT(*) FROM p
        JOIN outreach_official o ON o.active_from <= p.pe AND (o.active_to IS NULL OR o.active_to >= p.pe)
        GROUP BY p.pid, o.unit_id""",
    "officials_trained": """
        WITH first AS (SELECT pa.official_id, MIN(c.starts_on) AS first_on FROM outreach_participation pa
                       JOIN outreach_course c ON c.id = pa.course_id WHERE c.starts_on >= {rstart}
                       GROUP BY pa.official_id)
        SELECT p.pid, o.unit_id, COUNT(*) FROM p
        JOIN outreach_official o ON o.active_from <= p.pe AND (o.active_to IS NULL OR o.active_to >= p.pe)
        LEFT JOIN first t1 ON t1.official_id = o.id
        LEFT JOIN first t2 ON t2.official_id = o.previous_id
        WHERE t1.first_on <= p.pe OR t2.first_on <= p.pe
        GROUP BY p.pid, o.unit_id""",
}


def queries(periods, vendor: str | None = None) -> dict[str, str]:
    """Each measure's one query for all `periods`, in the engine's own SQL."""
    d = DIALECT[vendor or connection.vendor]
    lit = d["date"].format
    rows = ", ".join(
        f"({n}, {lit(p.start.isoformat())}, {lit(p.end.isoformat())}, {p.start.year}, {p.end.year})"
        for n, p in enumerate(periods)
    )
    cte = f"WITH p(pid, ps, pe, ys, ye) AS (VALUES {rows})"
    parts = {
        "rstart": lit(PLAN_START.isoformat()),
        "quarter_a": d["quarter"].format(c="a.held_on"),
        "month_n": d["month"].format(c="n.published_on"),
        "least_reach": d["least"].format(a="r.workers_reached", b="e.total_workers"),
    }
    out = {}
    for name, sql in SQL.items():
        body = sql.format(**parts).strip()
        # A query with its own WITH joins the periods as one more common table.
        out[name] = f"{cte}, {body[len('WITH ') :]}" if body.startswith("WITH ") else f"{cte} {body}"
    return out


def run(periods) -> int:
    """Run every measure's query once; the number of (period, unit) rows returned."""
    rows = 0
    with connection.cursor() as cur:
        for sql in queries(periods).values():
            cur.execute(sql)
            rows += len(cur.fetchall())
    return rows
