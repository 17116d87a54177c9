"""Files as officials make them: openpyxl workbooks, then edited the way other programs leave them."""

import re
import zipfile
from io import BytesIO
from pathlib import Path

from openpyxl import Workbook

from pcmd.establishments.importing import COLUMNS

HEADER = [h for _, h, _ in COLUMNS]
COL = {f: i for i, (f, _, _) in enumerate(COLUMNS)}


def row(**values):
    """A row in the template's column order from field=value pairs (absent fields blank)."""
    out = [None] * len(COLUMNS)
    for f, v in values.items():
        out[COL[f]] = v
    return out


def workbook(rows, header=None, title="Cơ sở kinh doanh") -> Workbook:
    wb = Workbook()
    ws = wb.active
    ws.title = title
    ws.append(header or HEADER)
    for r in rows:
        ws.append(r)
    return wb


def save(wb: Workbook, path: Path) -> Path:
    wb.save(path)
    return path


def shrink_dimension(path: Path, ref: str) -> Path:
    """Rewrite the sheet's declared used range (as some programs leave it) without touching the data."""
    src = path.read_bytes()
    out = BytesIO()
    with zipfile.ZipFile(BytesIO(src)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                data = re.sub(rb'<dimension ref="[^"]*"/>', f'<dimension ref="{ref}"/>'.encode(), data)
            zout.writestr(item, data)
    path.write_bytes(out.getvalue())
    return path


def as_upload(path: Path, name: str = "co-so.xlsx") -> BytesIO:
    f = BytesIO(path.read_bytes())
    f.name = name
    return f
