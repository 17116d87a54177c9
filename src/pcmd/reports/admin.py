from django.contrib import admin

from pcmd.reports.models import Recipient


@admin.register(Recipient)
class RecipientAdmin(admin.ModelAdmin):
    list_display = ("name", "order", "valid_from", "valid_to")
    list_editable = ("order", "valid_from", "valid_to")
