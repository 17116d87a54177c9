"""Re-encrypt every encrypted column with the first key of PCMD_FIELD_KEY (docs/operations.md: key rotation)."""

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import connection, transaction

from pcmd.core import crypto
from pcmd.core.models import FieldKeyCheck


class Command(BaseCommand):
    help = "Mã hóa lại mọi trường mã hóa bằng khóa đầu tiên của PCMD_FIELD_KEY (đổi khóa)."

    @transaction.atomic
    def handle(self, *args, **options):
        crypto.verify_keys()
        total = 0
        qn = connection.ops.quote_name
        for model in apps.get_models():
            fields = [f for f in model._meta.concrete_fields if isinstance(f, crypto.EncryptedTextField)]
            if not fields:
                continue
            table, pk = model._meta.db_table, str(model._meta.pk.column)
            columns = [str(f.column) for f in fields]
            cols = ", ".join(qn(c) for c in columns)
            with connection.cursor() as cur:  # raw: the ciphertext, not the decrypted value
                cur.execute(f"SELECT {qn(pk)}, {cols} FROM {qn(table)}")
                rows = cur.fetchall()
                for row in rows:
                    values = [crypto.rotate(v) if v else v for v in row[1:]]
                    sets = ", ".join(f"{qn(c)} = %s" for c in columns)
                    cur.execute(f"UPDATE {qn(table)} SET {sets} WHERE {qn(pk)} = %s", [*values, row[0]])
                    total += sum(1 for v in row[1:] if v)
        files = 0
        for model in apps.get_models():
            file_fields = [f for f in model._meta.concrete_fields if isinstance(f, crypto.EncryptedFileField)]
            for field in file_fields:
                names = model._default_manager.exclude(**{field.attname: ""}).values_list(
                    field.attname, flat=True
                )
                for name in names:
                    files += crypto.rotate_file(field.storage, name)
        for check in FieldKeyCheck.objects.all():
            check.token = crypto.rotate(check.token)
            check.save()
        self.stdout.write(
            f"Đã mã hóa lại {total} giá trị và {files} tệp bằng khóa mới. Có thể bỏ khóa cũ khỏi PCMD_FIELD_KEY."
        )
