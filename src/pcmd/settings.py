"""One settings module, driven by the environment. Defaults are safe for a laptop."""

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("PCMD_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _local_secret(filename: str) -> str:
    """A per-machine secret kept in var/ so a laptop needs no configuration."""
    path = VAR_DIR / filename
    if not path.exists():
        if filename == "field_key":
            from cryptography.fernet import Fernet

            path.write_text(Fernet.generate_key().decode())
        else:
            path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY") or _local_secret("secret_key")
ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()]

# Field encryption keys (Fernet, urlsafe base64). Comma-separated: the first encrypts, all decrypt.
PCMD_FIELD_KEYS = [
    k.strip()
    for k in (os.environ.get("PCMD_FIELD_KEY") or _local_secret("field_key")).split(",")
    if k.strip()
]
if not PCMD_FIELD_KEYS:
    raise ImproperlyConfigured("PCMD_FIELD_KEY trống: cần ít nhất một khóa mã hóa (Fernet).")
for _i, _key in enumerate(PCMD_FIELD_KEYS, 1):
    try:
        from cryptography.fernet import Fernet

        Fernet(_key)
    except ValueError:
        raise ImproperlyConfigured(
            f"PCMD_FIELD_KEY: khóa thứ {_i} không phải khóa Fernet hợp lệ (32 byte, base64 urlsafe). "
            "Ứng dụng không khởi động để không ghi dữ liệu không đọc lại được. Tạo khóa: "
            "python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'"
        ) from None

INSTALLED_APPS = [
    "pcmd.guide",  # first: its admin/base_site.html adds the help link to /admin/
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django_htmx",
    "ninja",  # its Swagger UI assets, served by PCMD itself (no CDN)
    "simple_history",
    "rules.apps.AutodiscoverRulesConfig",
    "pcmd.core.thirdparty.AxesConfig",
    "django_otp",
    "pcmd.core.thirdparty.TotpConfig",
    "pcmd.core.thirdparty.StaticConfig",
    "pcmd.core.thirdparty.TasksConfig",
    "pcmd.core",
    "pcmd.geography",
    "pcmd.accounts",
    "pcmd.plans",
    "pcmd.audit",
    "pcmd.establishments",
    "pcmd.outreach",
    "pcmd.tips",
    "pcmd.support",
    "pcmd.indicators",
    "pcmd.dashboard",
    "pcmd.reports",
    "pcmd.api",
    "pcmd.web",
    "pcmd.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "pcmd.accounts.middleware.RequireTwoFactor",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
    "pcmd.web.middleware.PcmdErrorMiddleware",
]

ROOT_URLCONF = "pcmd.urls"
WSGI_APPLICATION = "pcmd.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "pcmd.web.context.navigation",
                "pcmd.guide.context.help_link",
            ],
        },
    },
]

# Database: DATABASE_URL wins; PCMD_DB=postgres picks the local PostgreSQL; else embedded SQLite.
_default_pg = "postgres://postgres@127.0.0.1:5432/pcmd"
if os.environ.get("DATABASE_URL"):
    _db_url = os.environ["DATABASE_URL"]
elif os.environ.get("PCMD_DB", "sqlite") == "postgres":
    _db_url = _default_pg
else:
    _db_url = f"sqlite:///{VAR_DIR / 'pcmd.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(_db_url, conn_max_age=60)}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "dashboard:home"
LOGOUT_REDIRECT_URL = "accounts:login"

AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=15)
# Lockout by username AND address together: nobody can lock a named official out from elsewhere, and one office
# behind a shared address is not locked out together. The address alone gets a growing delay instead (lockout.py).
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_CALLABLE = "pcmd.accounts.lockout.locked_out"
AXES_ENABLE_ACCESS_FAILURE_LOG = True
PCMD_ADDRESS_DELAY_MAX = int(os.environ.get("PCMD_ADDRESS_DELAY_MAX", "300"))  # seconds
AXES_RESET_ON_SUCCESS = True

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt")]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = False  # numbers are grouped where meant: |intcomma (1.540)

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("PCMD_MEDIA_ROOT", VAR_DIR / "media"))
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
# Excel imports: largest file accepted (MB), and days a refused or cancelled file is kept (`pcmd import_cleanup`).
PCMD_IMPORT_MAX_BYTES = int(os.environ.get("PCMD_IMPORT_MAX_MB", "20")) * 1024 * 1024
PCMD_IMPORT_RETENTION_DAYS = int(os.environ.get("PCMD_IMPORT_RETENTION_DAYS", "90"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG and env_bool("PCMD_COLLECTED_STATIC", False)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not env_bool("PCMD_COLLECTED_STATIC", False)

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Mail (deadline alerts): printed to the console unless an SMTP server is configured; a production start without
# PCMD_EMAIL_HOST hands mail to the local mail server (localhost:25), failures logged, notices kept in the app.
_PRODUCTION = not DEBUG and os.environ.get("ALLOWED_HOSTS") is not None
_SMTP_OPTIONS = {
    "host": os.environ.get("PCMD_EMAIL_HOST", "localhost" if _PRODUCTION else ""),
    "port": int(os.environ.get("PCMD_EMAIL_PORT", "587" if os.environ.get("PCMD_EMAIL_HOST") else "25")),
    "username": os.environ.get("PCMD_EMAIL_USER", ""),
    "password": os.environ.get("PCMD_EMAIL_PASSWORD", ""),
    "use_tls": env_bool("PCMD_EMAIL_TLS", bool(os.environ.get("PCMD_EMAIL_HOST"))),
}
MAILERS = {
    "default": {"BACKEND": "django.core.mail.backends.smtp.EmailBackend", "OPTIONS": _SMTP_OPTIONS}
    if _SMTP_OPTIONS["host"]
    else {"BACKEND": "django.core.mail.backends.console.EmailBackend"}
}
DEFAULT_FROM_EMAIL = os.environ.get("PCMD_EMAIL_FROM", "pcmd@localhost")
PCMD_BASE_URL = os.environ.get("PCMD_BASE_URL", "http://127.0.0.1:8000")

# Security: safe everywhere, strict when served over HTTPS in production.
_https = env_bool("PCMD_HTTPS", not DEBUG and os.environ.get("ALLOWED_HOSTS") is not None)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = _https
CSRF_COOKIE_SECURE = _https
SECURE_SSL_REDIRECT = _https and env_bool("PCMD_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if _https else None
SECURE_HSTS_SECONDS = 31536000 if _https else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = _https
SECURE_HSTS_PRELOAD = _https
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_AGE = 60 * 60 * 8
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Where the plan files live (plans/*.yaml at the repository root).
PCMD_PLANS_DIR = Path(os.environ.get("PCMD_PLANS_DIR", BASE_DIR / "plans"))
# The user guide (docs/huong-dan/*.md, served at /huong-dan/) and the screenshots `make screens` writes for it.
PCMD_GUIDE_DIR = Path(os.environ.get("PCMD_GUIDE_DIR", BASE_DIR / "docs" / "huong-dan"))
PCMD_SCREENS_DIR = Path(os.environ.get("PCMD_SCREENS_DIR", BASE_DIR / "var" / "screens"))
PCMD_DEMO_PASSWORD = os.environ.get("PCMD_DEMO_PASSWORD", "pcmd-demo-2025")
CSRF_FAILURE_VIEW = "pcmd.web.views.csrf_failure"
FORMAT_MODULE_PATH = ["pcmd.formats"]

# Two-factor authentication (TOTP app + one-time backup codes) for the roles DESIGN §7 names. An empty value
# turns it off (a laptop demo without a phone: `PCMD_2FA_ROLES= make run`).
PCMD_2FA_ROLES = tuple(
    r.strip()
    for r in os.environ.get("PCMD_2FA_ROLES", "administrator,leader,support_worker").split(",")
    if r.strip()
)
OTP_TOTP_ISSUER = "PCMD Cà Mau"
# API tokens expire after this many days unless created with another span (`pcmd create_token --days`).
PCMD_TOKEN_DAYS = int(os.environ.get("PCMD_TOKEN_DAYS", "90"))
