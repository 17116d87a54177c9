import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pcmd.settings")
application = get_wsgi_application()

# Refuse to serve with a field key that cannot read the data already encrypted (pcmd.core.crypto).
from pcmd.core.crypto import verify_keys  # noqa: E402

verify_keys()
