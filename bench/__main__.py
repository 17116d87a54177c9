"""`make bench`: run every benchmark, print a table, write bench/results/*.json and summary.json.

Runs on its own database (a fresh SQLite file under var/bench/; `PCMD_DB=postgres make bench`: a fresh PostgreSQL
database pcmd_bench; or DATABASE_URL as given), so the demo database is untouched. The results name the engine.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"


BENCH_PG = "postgres://postgres@127.0.0.1:5432/pcmd_bench"


def _fresh_postgres(url: str) -> None:
    """Drop and create the bench's own PostgreSQL database (never the application's)."""
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as con:
        con.execute(f'DROP DATABASE IF EXISTS "{name}"')
        con.execute(f'CREATE DATABASE "{name}"')


def _setup() -> None:
    """The bench's own database: a fresh SQLite file under var/bench/ by default; with PCMD_DB=postgres a fresh
    PostgreSQL database `pcmd_bench`; an explicit DATABASE_URL is used as it is (migrated, not dropped)."""
    work = ROOT / "var" / "bench"
    work.mkdir(parents=True, exist_ok=True)
    if "DATABASE_URL" not in os.environ and os.environ.get("PCMD_DB") == "postgres":
        _fresh_postgres(BENCH_PG)
        os.environ["DATABASE_URL"] = BENCH_PG
    elif "DATABASE_URL" not in os.environ:
        db = work / "bench.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{db}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pcmd.settings")
    os.environ.setdefault("PCMD_MEDIA_ROOT", str(work / "media"))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    call_command("load_units", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    call_command("load_plan", str(ROOT / "plans" / "ca-mau-165-2021.yaml"), stdout=open(os.devnull, "w"))  # noqa: SIM115


def main() -> int:
    parser = argparse.ArgumentParser(prog="make bench")
    parser.add_argument("--only", default="", help="comma-separated benchmark names")
    parser.add_argument("--rows", type=int, default=20_000, help="rows of the import benchmark file")
    parser.add_argument("--scales", default="1,10", help="demo scales of the matrix benchmark")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=30.0)
    args = parser.parse_args()
    _setup()
    from bench import dashboard_load, engine_matrix, import_xlsx

    def engine_and_dashboard() -> dict:
        result = engine_matrix.run(scales=tuple(int(s) for s in args.scales.split(",")))
        return result

    def dashboard() -> dict:
        engine_matrix.seed(1)
        return dashboard_load.run(clients=args.clients, seconds=args.seconds)

    def imports() -> dict:
        engine_matrix.wipe_registry()
        return import_xlsx.run(rows=args.rows)

    suites = {"engine_matrix": engine_and_dashboard, "dashboard_load": dashboard, "import_xlsx": imports}
    wanted = [s for s in args.only.split(",") if s] or list(suites)
    RESULTS.mkdir(parents=True, exist_ok=True)
    from django.db import connection

    engine = connection.vendor  # "sqlite" or "postgresql": each engine keeps its own results
    summary_file = RESULTS / "summary.json"
    summary = json.loads(summary_file.read_text()) if summary_file.exists() else {}  # --only keeps the others
    mine = summary.setdefault(engine, {})
    for name in wanted:
        started = time.perf_counter()
        result = suites[name]()
        result["wall_seconds"] = round(time.perf_counter() - started, 2)
        (RESULTS / f"{name}-{engine}.json").write_text(
            json.dumps(result, ensure_ascii=False, indent=1) + "\n"
        )
        mine[name] = result["summary"]
        print(f"\n== {name} ({engine}) ==")
        for line in result["table"]:
            print(line)
    (RESULTS / "summary.json").write_text(json.dumps(summary, ensure_ascii=False, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
