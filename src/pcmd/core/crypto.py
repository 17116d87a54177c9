"""Field encryption at rest (Fernet from `cryptography`, keys from PCMD_FIELD_KEY).

The first key encrypts, every key decrypts; `pcmd rotate_field_key` re-encrypts every encrypted column with
the first key so an old key can then be dropped. A canary row (`FieldKeyCheck`) holds a value encrypted with
the keys in use: a process whose keys cannot read it refuses to encrypt or decrypt anything, so a wrong key
never writes data nobody can read back."""

from __future__ import annotations

from functools import cache
from typing import Any

from cryptography.fernet import Fernet as _Fernet
from cryptography.fernet import InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models

CANARY = "pcmd-field-key-check"
WRONG_KEY = (
    "PCMD_FIELD_KEY không khớp với khóa đã dùng để mã hóa dữ liệu trong cơ sở dữ liệu này. Ứng dụng dừng "
    "để không ghi dữ liệu không đọc lại được. Hãy đặt lại đúng khóa (hoặc thêm khóa cũ sau dấu phẩy khi đổi khóa)."
)


@cache
def _fernet() -> MultiFernet:
    return MultiFernet([_Fernet(k) for k in settings.PCMD_FIELD_KEYS])


_verified = False


def verify_keys() -> None:
    """Check the keys against the canary row (created on first use). Raises ImproperlyConfigured."""
    global _verified
    if _verified:
        return
    from pcmd.core.models import FieldKeyCheck

    row = FieldKeyCheck.objects.first()
    if row is None:
        FieldKeyCheck.objects.create(token=_fernet().encrypt(CANARY.encode()).decode())
    else:
        try:
            ok = _fernet().decrypt(row.token.encode()).decode() == CANARY
        except InvalidToken:
            ok = False
        if not ok:
            raise ImproperlyConfigured(WRONG_KEY)
    _verified = True


def reset_for_tests() -> None:
    global _verified
    _verified = False
    _fernet.cache_clear()


def encrypt(value: str) -> str:
    verify_keys()
    return _fernet().encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    verify_keys()
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken:
        raise ImproperlyConfigured(WRONG_KEY) from None


def rotate(token: str) -> str:
    return _fernet().rotate(token.encode()).decode()


class EncryptedTextField(models.TextField):
    """Text stored as Fernet ciphertext; empty stays empty. Not searchable or sortable by design."""

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> str:
        return decrypt(value) if value else ""

    def to_python(self, value: Any) -> str:
        return "" if value is None else str(value)

    def get_prep_value(self, value: Any) -> str:
        value = super().get_prep_value(value)
        return encrypt(value) if value else ""
