"""Bounded types for API query and path parameters: a value outside them is a 400 with a Vietnamese message
(api.main names the field and the bound), never a database overflow or a 500."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

DB_INT_MAX = 2**31 - 1  # the smallest integer column of both engines

Id = Annotated[int, Field(ge=1, le=DB_INT_MAX)]
Year = Annotated[int, Field(ge=2000, le=2100)]
PageNumber = Annotated[int, Field(ge=1, le=1_000_000)]
PageSize = Annotated[int, Field(ge=1, le=500)]
# short free text (codes, filters, references): no control characters (PostgreSQL refuses NUL in text)
Text = Annotated[str, Field(max_length=200, pattern=r"^[^\x00-\x1f\x7f]*$")]
