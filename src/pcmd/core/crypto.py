"""Field encryption at rest (Fernet from `cryptography`, keys from PCMD_FIELD_KEY): text columns
(EncryptedTextField) and uploaded files that may identify a person (EncryptedFileField).

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


def encrypt_bytes(data: bytes) -> bytes:
    verify_keys()
    return _fernet().encrypt(data)


def decrypt_bytes(token: bytes) -> bytes:
    verify_keys()
    try:
        return _fernet().decrypt(token)
    except InvalidToken:
        raise ImproperlyConfigured(WRONG_KEY) from None


class EncryptedFileField(models.FileField):
    """An uploaded file stored as Fernet ciphertext under the field key (the name stays, the bytes do not);
    read it back with `read_decrypted`. `pcmd rotate_field_key` re-encrypts these files too."""

    def pre_save(self, model_instance: Any, add: bool) -> Any:
        file = getattr(model_instance, self.attname)
        if file and not file._committed:
            from django.core.files.base import ContentFile

            content = file.file
            content.seek(0)
            file.save(file.name, ContentFile(encrypt_bytes(content.read())), save=False)
            return file
        return super().pre_save(model_instance, add)


def read_decrypted(fieldfile: Any) -> bytes:
    with fieldfile.storage.open(fieldfile.name, "rb") as f:
        return decrypt_bytes(f.read())


def rotate_file(storage: Any, name: str) -> bool:
    """Re-encrypt one stored file with the first key; a file still in plain bytes (kept before encryption) is
    encrypted. Returns whether it was rewritten."""
    with storage.open(name, "rb") as f:
        data = f.read()
    try:
        new = _fernet().rotate(data)
    except InvalidToken:
        new = _fernet().encrypt(data)
    with storage.open(name, "wb") as f:
        f.write(new)
    return True
