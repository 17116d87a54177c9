"""`load_plan FILE`: read, check everything, then write in one transaction (idempotent by codes)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from django.db import transaction
from pydantic import ValidationError

from pcmd.accounts.models import Agency
from pcmd.core.measures import is_known, known_names
from pcmd.core.period import Period
from pcmd.geography.coverage import coverage_seed
from pcmd.geography.errors import UnitError
from pcmd.geography.selectors import unit_at
from pcmd.plans.models import AgencyRole, Indicator, IndicatorLevel, Objective, Plan, Program, Target, Task
from pcmd.plans.schema import PlanFile


class _Loader(yaml.SafeLoader):
    """SafeLoader that leaves dates as text, so a bad date is reported by the schema with its field."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

_FIELD_NAMES = {"missing": "thiếu trường bắt buộc", "extra_forbidden": "trường không được phép"}


class PlanFileError(ValueError):
    """A plan file refused whole; `problems` lists (line, field, reason) in Vietnamese."""

    def __init__(self, path: str, problems: list[tuple[int | None, str, str]]):
        self.problems = problems
        lines = [f"dòng {ln if ln else '?'}, trường «{field}»: {reason}" for ln, field, reason in problems]
        super().__init__(f"Tệp kế hoạch {path} không hợp lệ, không nạp gì:\n- " + "\n- ".join(lines))


@dataclass(frozen=True)
class PlanLoadResult:
    plan_code: str
    indicators: int
    tasks: int
    created: bool


def _line_map(node: yaml.Node, path: tuple[Any, ...] = (), out: dict | None = None) -> dict[tuple, int]:
    out = {} if out is None else out
    out[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            out[(*path, key.value)] = key.start_mark.line + 1
            _line_map(value, (*path, key.value), out)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _line_map(item, (*path, i), out)
    return out


def _line_for(lines: dict[tuple, int], loc: tuple[Any, ...]) -> int | None:
    for cut in range(len(loc), -1, -1):
        if loc[:cut] in lines:
            return lines[loc[:cut]]
    return None


def _translate(err: Any) -> str:
    kind = err["type"]
    if kind in _FIELD_NAMES:
        return _FIELD_NAMES[kind]
    if kind == "literal_error":
        return "giá trị không hợp lệ, phải là một trong: " + str(err["ctx"]["expected"]).replace(
            " or ", " hoặc "
        )
    if kind.startswith("date"):
        return "ngày không hợp lệ (dạng YYYY-MM-DD)"
    if kind in {"decimal_parsing", "int_parsing", "float_parsing"}:
        return "phải là một số"
    if kind == "string_pattern_mismatch":
        return f"không đúng định dạng (mẫu {err['ctx']['pattern']})"
    if kind == "too_short":
        return "danh sách không được để trống"
    if kind in {"greater_than_equal", "less_than_equal"}:
        return "giá trị ngoài khoảng cho phép"
    if kind == "value_error":
        return str(err["ctx"]["error"])
    if kind in {"string_type", "list_type", "dict_type", "model_type"}:
        return "sai kiểu dữ liệu"
    return err["msg"]


def parse_plan_file(path: Path) -> tuple[PlanFile, dict[tuple, int]]:
    text = path.read_text(encoding="utf-8")
    try:
        node = yaml.compose(text, Loader=_Loader)
        raw = yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else None
        raise PlanFileError(
            str(path), [(line, "(cú pháp YAML)", getattr(exc, "problem", None) or str(exc))]
        ) from exc
    if node is None or not isinstance(raw, dict):
        raise PlanFileError(str(path), [(1, "(tệp)", "tệp trống hoặc không phải một bảng khóa – giá trị")])
    lines = _line_map(node)
    try:
        spec = PlanFile.model_validate(raw)
    except ValidationError as exc:
        problems = [
            (_line_for(lines, tuple(e["loc"])), ".".join(str(p) for p in e["loc"]), _translate(e))
            for e in exc.errors()
        ]
        raise PlanFileError(str(path), problems) from exc
    _check_references(spec, lines, str(path))
    return spec, lines


def _check_references(spec: PlanFile, lines: dict[tuple, int], path: str) -> None:
    problems: list[tuple[int | None, str, str]] = []
    agencies = {a.code for a in spec.agencies}
    objectives = {o.code for o in spec.objectives}
    codes: set[str] = set()
    for i, role in enumerate(spec.agency_roles):
        if role.agency not in agencies:
            loc: tuple[Any, ...] = ("agency_roles", i, "agency")
            problems.append(
                (
                    _line_for(lines, loc),
                    f"agency_roles.{i}.agency",
                    f"cơ quan «{role.agency}» chưa khai báo",
                )
            )
    for i, ind in enumerate(spec.indicators):
        if ind.code in codes:
            problems.append(
                (
                    _line_for(lines, ("indicators", i, "code")),
                    f"indicators.{i}.code",
                    f"mã «{ind.code}» bị trùng",
                )
            )
        codes.add(ind.code)
        if ind.objective and ind.objective not in objectives:
            loc = ("indicators", i, "objective")
            problems.append(
                (
                    _line_for(lines, loc),
                    f"indicators.{i}.objective",
                    f"mục tiêu «{ind.objective}» chưa khai báo",
                )
            )
        for part in ("numerator", "denominator"):
            name = getattr(ind, part)
            if name and not is_known(name):
                problems.append(
                    (
                        _line_for(lines, ("indicators", i, part)),
                        f"indicators.{i}.{part}",
                        f"«{name}» không phải phép đo nào đã có; các phép đo đã có: {', '.join(known_names())}",
                    )
                )
        for j, target in enumerate(ind.targets):
            if target.period == "cumulative" and not target.range:
                loc = ("indicators", i, "targets", j)
                problems.append(
                    (
                        _line_for(lines, loc),
                        f"indicators.{i}.targets.{j}.range",
                        "chỉ tiêu lũy kế cần khoảng thời gian (range)",
                    )
                )
    if problems:
        raise PlanFileError(path, problems)


def _agency_unit(code: str, on: date, lines: dict, index: int, path: str) -> Any:
    try:
        return unit_at(code=code, on=on)
    except UnitError as exc:
        raise PlanFileError(
            path, [(_line_for(lines, ("agencies", index, "unit")), f"agencies.{index}.unit", str(exc))]
        ) from exc


@transaction.atomic
def load_plan(path: Path) -> PlanLoadResult:
    spec, lines = parse_plan_file(path)
    p = spec.plan
    period = Period.parse(p.period)
    try:
        province = unit_at(code=p.province, on=p.issued_on)
    except UnitError as exc:
        raise PlanFileError(
            str(path), [(_line_for(lines, ("plan", "province")), "plan.province", str(exc))]
        ) from exc
    program, _ = Program.objects.update_or_create(
        code=spec.program.code, defaults=spec.program.model_dump(exclude={"code"})
    )
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    plan, created = Plan.objects.update_or_create(
        code=p.code,
        defaults={"program": program, "number": p.number, "issued_on": p.issued_on, "signer": p.signer,
                  "issuer": p.issuer, "province": province, "title": p.title, "period_start": period.start,
                  "period_end": period.end, "basis": p.basis, "source_file": path.name, "source_digest": digest},
    )  # fmt: skip
    objectives = {}
    for order, o in enumerate(spec.objectives):
        objectives[o.code], _ = Objective.objects.update_or_create(
            plan=plan, code=o.code, defaults={"kind": o.kind, "text": o.text, "order": order}
        )
    agencies = {}
    for i, a in enumerate(spec.agencies):
        unit = _agency_unit(a.unit, a.valid_from or p.issued_on, lines, i, str(path))
        agencies[a.code], _ = Agency.objects.update_or_create(
            code=a.code, defaults={"name": a.name, "short_name": a.short_name, "unit": unit,
                                   "valid_from": a.valid_from, "valid_to": a.valid_to},
        )  # fmt: skip
    AgencyRole.objects.filter(plan=plan).delete()
    AgencyRole.objects.bulk_create(
        AgencyRole(plan=plan, agency=agencies[r.agency], role=r.role, valid_from=r.valid_from, valid_to=r.valid_to,
                   source=r.source, confidence=r.confidence)
        for r in spec.agency_roles
    )  # fmt: skip
    for order, ind in enumerate(spec.indicators):
        indicator, _ = Indicator.objects.update_or_create(
            plan=plan, code=ind.code,
            defaults={"objective": objectives.get(ind.objective or ""), "name": ind.name, "short_name": ind.short_name,
                      "numerator": ind.numerator, "denominator": ind.denominator, "factor": ind.factor,
                      "unit_of_measure": ind.unit, "direction": ind.direction, "period_type": ind.period_type,
                      "sensitive": ind.sensitive,
                      "range_reading": ind.range_reading or ("cumulative" if ind.period_type == "range" else "each_year"),
                      "transition_rule": ind.transition.rule if ind.transition else "",
                      "transition_on": ind.transition.effective if ind.transition else None,
                      "transition_note": (f"[{ind.transition.confidence}] {ind.transition.assumption}"
                                          if ind.transition else ""),
                      "legal_source": ind.source or "KH 165/KH-UBND, mục I.2",
                      "assumption": ind.assumption, "confidence": ind.confidence, "order": order},
        )  # fmt: skip
        indicator.levels.all().delete()
        for lv in ind.levels:
            IndicatorLevel.objects.create(
                indicator=indicator, level=lv.level, valid_from=lv.valid_from, valid_to=lv.valid_to
            )
        indicator.targets.all().delete()
        for t in ind.targets:
            rng = Period.parse(t.range) if t.range else None
            Target.objects.create(
                indicator=indicator, comparator=t.comparator, value=t.value, period_rule=t.period,
                range_start=rng.start if rng else None, range_end=rng.end if rng else None, scope=t.scope, tier=t.tier,
            )  # fmt: skip
    # Units that joined the province from another one: their earlier records are not held (data coverage).
    coverage_seed(province=province)
    tasks = 0
    for section in spec.tasks:
        for number, text in enumerate(section.items, start=1):
            # Progress (status, notes, evidence) belongs to the app: reloading the file keeps it.
            Task.objects.update_or_create(
                plan=plan,
                section=section.section,
                number=number,
                unit=province,
                defaults={"text": text, "section_title": section.title},
            )
            tasks += 1
    return PlanLoadResult(plan_code=plan.code, indicators=len(spec.indicators), tasks=tasks, created=created)
