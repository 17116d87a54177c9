from django.contrib.postgres.operations import UnaccentExtension
from django.db import migrations


class Migration(migrations.Migration):
    """Accent-insensitive search on PostgreSQL (a no-op on SQLite, which gets a Python function)."""

    dependencies = [("core", "0001_initial")]
    operations = [UnaccentExtension()]
