"""Which chapter of the guide explains which page: the one place that maps URL names to chapter anchors.

A page's URL name (`namespace:name`) is looked up first, then its namespace; `None` means the page has no
chapter yet (the help link then opens the guide's contents). tests/guide checks that every target is a heading.
"""

from __future__ import annotations

from django.urls import reverse

# "chapter-slug#heading-id"; a key is a namespace ("tips") or a URL name ("tips:new").
HELP: dict[str, str] = {
    # Common to everyone
    "accounts": "bat-dau#dang-nhap",
    "accounts:second_factor": "bat-dau#xac-thuc-hai-lop",
    "accounts:profile": "bat-dau#trang-ca-nhan-va-doi-mat-khau",
    "accounts:password_change": "bat-dau#trang-ca-nhan-va-doi-mat-khau",
    "accounts:password_change_done": "bat-dau#trang-ca-nhan-va-doi-mat-khau",
    "notifications": "bat-dau#thong-bao",
    "guide": "bat-dau#huong-dan-tren-tung-trang",
    # Police: tips and their deadlines
    "tips": "cong-an#danh-sach-tin-bao",
    "tips:new": "cong-an#tiep-nhan-tin-bao",
    "tips:detail": "cong-an#giai-quyet-mot-tin-bao",
    "tips:attachment": "cong-an#danh-tinh-nguoi-bao-va-tai-lieu-kem-theo",
    "tips:cases": "cong-an#vu-viec-mai-dam",
    "tips:case": "cong-an#vu-viec-mai-dam",
    # Inspectors: establishments and inspections
    "establishments": "kiem-tra#danh-sach-co-so",
    "establishments:new": "kiem-tra#them-sua-co-so",
    "establishments:edit": "kiem-tra#them-sua-co-so",
    "establishments:detail": "kiem-tra#ho-so-co-so",
    "establishments:reach": "kiem-tra#ho-so-co-so",
    "establishments:inspection_new": "kiem-tra#ghi-luot-kiem-tra-vi-pham-va-xu-phat",
    "establishments:violation_new": "kiem-tra#ghi-luot-kiem-tra-vi-pham-va-xu-phat",
    "establishments:sanction_new": "kiem-tra#ghi-luot-kiem-tra-vi-pham-va-xu-phat",
    "establishments:plans": "kiem-tra#ke-hoach-kiem-tra-nam",
    "establishments:plan": "kiem-tra#ke-hoach-kiem-tra-nam",
    "establishments:import": "kiem-tra#nhap-co-so-tu-excel",
    "establishments:template": "kiem-tra#nhap-co-so-tu-excel",
    # Commune and department officers: activities, local plans and the program's other registries
    "outreach": "can-bo-xa#hoat-dong-tuyen-truyen",
    "outreach:activity_import": "can-bo-xa#nhap-hoat-dong-tu-excel",
    "outreach:activity_template": "can-bo-xa#nhap-hoat-dong-tu-excel",
    "outreach:plans": "can-bo-xa#ke-hoach-dia-phuong",
    "outreach:plan": "can-bo-xa#ke-hoach-dia-phuong",
    "outreach:plan_file": "can-bo-xa#ke-hoach-dia-phuong",
    "outreach:reach": "can-bo-xa#khu-cong-nghiep-va-truong-hoc",
    "outreach:zone_year": "can-bo-xa#khu-cong-nghiep-va-truong-hoc",
    "outreach:school_year": "can-bo-xa#khu-cong-nghiep-va-truong-hoc",
    "outreach:press": "can-bo-xa#tin-bai-tren-bao-chi",
    "outreach:models": "can-bo-xa#mo-hinh-thi-diem",
    "outreach:model": "can-bo-xa#mo-hinh-thi-diem",
    "outreach:training": "can-bo-xa#tap-huan-can-bo",
    "outreach:official": "can-bo-xa#tap-huan-can-bo",
    "outreach:roster_import": "can-bo-xa#tap-huan-can-bo",
    "outreach:roster_template": "can-bo-xa#tap-huan-can-bo",
    "outreach:course": "can-bo-xa#tap-huan-can-bo",
    "outreach:participants_template": "can-bo-xa#tap-huan-can-bo",
    # Leaders: the scorecard, the plan and reports
    "dashboard": "lanh-dao#bang-chi-tieu",
    "dashboard:indicator": "lanh-dao#mot-chi-tieu-theo-tung-don-vi",
    "plans": "lanh-dao#ke-hoach-va-nhiem-vu",
    "reports": "lanh-dao#bao-cao",
    # Support workers: support cases
    "support": "ho-tro#danh-sach-ho-so",
    "support:new": "ho-tro#tao-ho-so",
    "support:detail": "ho-tro#mo-ho-so-va-ghi-dich-vu",
    "support:export": "ho-tro#mo-ho-so-va-ghi-dich-vu",
    "support:referral": "ho-tro#mo-ho-so-va-ghi-dich-vu",
    "support:break_glass": "ho-tro#truy-cap-khan-cap",
    "support:staff": "ho-tro#can-bo-duoc-truy-cap",
    # Administrators and auditors
    "admin": "quan-tri#trang-quan-tri",
    "audit": "quan-tri#nhat-ky-truy-cap",
}


def target_for(url_name: str, namespace: str = "") -> str | None:
    """The chapter and anchor of a page, from its URL name (`tips:new`) or its namespace (`tips`)."""
    if url_name in HELP:
        return HELP[url_name]
    return HELP.get(namespace) if namespace else None


def help_url(target: str | None) -> str:
    if not target:
        return reverse("guide:index")
    slug, _, anchor = target.partition("#")
    return reverse("guide:chapter", args=[slug]) + (f"#{anchor}" if anchor else "")
