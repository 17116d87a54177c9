from django.core.management.base import BaseCommand, CommandError

from pcmd.accounts.models import User
from pcmd.accounts.services import token_create


class Command(BaseCommand):
    help = "Tạo khóa API cho một người dùng (khóa chỉ hiện một lần)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="máy")
        parser.add_argument("--scope", action="append", default=[], help="phạm vi, có thể lặp lại")

    def handle(self, *args, username, name, scope, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"Không có người dùng «{username}».")
        _, secret = token_create(user=user, name=name, scopes=scope)
        self.stdout.write(secret)
