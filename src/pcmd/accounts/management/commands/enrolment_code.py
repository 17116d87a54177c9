from django.core.management.base import BaseCommand, CommandError

from pcmd.accounts.models import User
from pcmd.accounts.twofactor import issue_enrolment_code


class Command(BaseCommand):
    help = "Cấp mã đăng ký xác thực hai lớp cho một người dùng (ví dụ quản trị viên đầu tiên); mã chỉ hiện một lần."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--hours", type=int, default=72)

    def handle(self, *args, username, hours, **options):
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"Không có người dùng «{username}».")
        self.stdout.write(issue_enrolment_code(user=user, actor=None, hours=hours))
