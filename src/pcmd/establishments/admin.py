"""Editable lists (business types, violation acts with fine ranges) and teams with their members."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from pcmd.establishments.models import BusinessType, InspectionTeam, TeamMember, ViolationAct


@admin.register(BusinessType)
class BusinessTypeAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code", "risk_weight", "order", "active"]
    list_editable = ["risk_weight", "order", "active"]


@admin.register(ViolationAct)
class ViolationActAdmin(SimpleHistoryAdmin):
    list_display = ["name", "legal_article", "fine_min", "fine_max", "confirmed", "active"]
    list_filter = ["confirmed", "active"]


class TeamMemberInline(admin.TabularInline):
    model = TeamMember
    extra = 0
    autocomplete_fields = ["agency"]


@admin.register(InspectionTeam)
class InspectionTeamAdmin(SimpleHistoryAdmin):
    list_display = ["name", "level", "unit", "valid_from", "valid_to"]
    list_filter = ["level"]
    raw_id_fields = ["unit"]
    inlines = [TeamMemberInline]
