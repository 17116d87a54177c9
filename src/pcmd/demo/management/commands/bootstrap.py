from django.conf import settings
from django.core.management import CommandError, call_command
from django.core.management.base import BaseCommand

from pcmd.accounts.models import Role
from pcmd.demo.accounts import DEMO_USERS


class Command(BaseCommand):
    help = "Chuẩn bị máy mới: tạo CSDL, nạp đơn vị hành chính, kế hoạch và dữ liệu mẫu khi CSDL còn trống."

    def add_arguments(self, parser):
        parser.add_argument("--no-demo", action="store_true", help="không tạo dữ liệu mẫu (môi trường thật)")

    def handle(self, *args, no_demo: bool, **options):
        from pcmd.accounts.models import User
        from pcmd.geography.models import AdminUnit
        from pcmd.plans.models import Plan

        call_command("migrate", interactive=False, verbosity=0)
        from django.core.exceptions import ImproperlyConfigured

        from pcmd.core.crypto import verify_keys

        try:  # a wrong PCMD_FIELD_KEY stops here, before anything is written with it
            verify_keys()
        except ImproperlyConfigured as exc:
            raise CommandError(str(exc)) from None
        if not AdminUnit.objects.exists():
            call_command("load_units", stdout=self.stdout)
        if not Plan.objects.exists():
            for path in sorted(settings.PCMD_PLANS_DIR.glob("*.yaml")):
                call_command("load_plan", str(path), stdout=self.stdout)
        if not no_demo and not User.objects.exists():
            call_command("seed_demo", scale=1, seed=42, stdout=self.stdout)
        call_command(
            "tip_alerts", schedule=True, stdout=self.stdout
        )  # deadline alerts every morning (db_worker)
        if not no_demo:
            self.stdout.write(f"\nTài khoản mẫu (mật khẩu chung: {settings.PCMD_DEMO_PASSWORD}):")
            for u in DEMO_USERS:
                self.stdout.write(f"  {u.username:<12} {Role(u.role).label}")
            self._enrolment_codes(User)
            self.stdout.write("\nMở http://127.0.0.1:8000 (hoặc cổng PORT đã chọn) để đăng nhập.\n")

    def _enrolment_codes(self, user_model):
        """Fresh one-time codes for the demo users who must enrol a second factor and have not yet."""
        from django_otp.plugins.otp_totp.models import TOTPDevice

        from pcmd.accounts.twofactor import issue_enrolment_code, required_for

        users = [u for u in user_model.objects.filter(username__in=[d.username for d in DEMO_USERS])
                 if required_for(u) and not TOTPDevice.objects.filter(user=u, confirmed=True).exists()]  # fmt: skip
        if not users:
            return
        self.stdout.write(
            "\nMã đăng ký xác thực hai lớp (lần đăng nhập đầu, dùng một lần, hết hạn sau 72 giờ):"
        )
        for u in users:
            self.stdout.write(f"  {u.username:<12} {issue_enrolment_code(user=u, actor=None)}")
