from django.core.management.base import BaseCommand, CommandError

from pcmd.accounts.models import TOKEN_SCOPES, User
from pcmd.accounts.services import token_create
from pcmd.core.errors import PcmdError


class Command(BaseCommand):
    help = "Tạo khóa API cho một người dùng (khóa chỉ hiện một lần)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="máy")
        parser.add_argument("--scope", action="append", default=[],
                            help=f"phạm vi, có thể lặp lại ({', '.join(TOKEN_SCOPES)}); mặc định *:read")  # fmt: skip
        parser.add_argument(
            "--days", type=int, default=None, help="số ngày hiệu lực (mặc định PCMD_TOKEN_DAYS=90)"
        )

    def handle(self, *args, username, name, scope, days, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"Không có người dùng «{username}».")
        try:
            token, secret = token_create(user=user, name=name, scopes=scope, days=days)
        except PcmdError as exc:
            raise CommandError(exc.message) from None
        self.stderr.write(f"Phạm vi: {', '.join(token.scopes)}; hết hạn {token.expires_at:%d/%m/%Y}.")
        self.stdout.write(secret)
