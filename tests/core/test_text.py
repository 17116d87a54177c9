import pytest

from pcmd.core.text import normalise, search, sort_key, vi_collate, vi_sorted
from pcmd.geography.models import AdminUnit


def test_normalise_strips_accents_and_d_bar():
    assert normalise("Đầm Dơi") == "dam doi"
    assert normalise("  Huyện   ĐẦM   DƠI ") == "huyen dam doi"
    assert normalise("Phường An Xuyên") == "phuong an xuyen"
    assert normalise(None) == ""


def test_vietnamese_alphabet_order():
    words = ["Đầm Dơi", "Dân", "Ăn", "Âu", "An", "Bạc Liêu", "Ơn", "Ôn", "On", "Ưu", "Uy", "Giá Rai"]
    assert vi_sorted(words) == [
        "An",
        "Ăn",
        "Âu",
        "Bạc Liêu",
        "Dân",
        "Đầm Dơi",
        "Giá Rai",
        "On",
        "Ôn",
        "Ơn",
        "Uy",
        "Ưu",
    ]


def test_tones_sort_after_letters_and_numbers_by_value():
    assert vi_sorted(["má", "mà", "ma", "mả", "mã", "mạ"]) == ["ma", "mà", "mả", "mã", "má", "mạ"]
    assert vi_sorted(["Phường 10", "Phường 2", "Phường 1"]) == ["Phường 1", "Phường 2", "Phường 10"]
    assert sort_key("Cà Mau") < sort_key("Cái Nước")


@pytest.mark.django_db
def test_search_finds_dam_doi_without_accents():
    found = search(AdminUnit.objects.filter(level="district"), ["name"], "dam doi")
    assert [u.code for u in found] == ["970"]
    assert search(AdminUnit.objects.filter(level="district"), ["name"], "ĐẦM DƠI").count() == 1
    assert search(AdminUnit.objects.filter(level="district"), ["name"], "dam doi x").count() == 0


@pytest.mark.django_db
def test_database_collation_matches_python_order():
    units = AdminUnit.objects.filter(level="district").order_by(vi_collate("name"))
    names = list(units.values_list("name", flat=True))
    assert names == vi_sorted(names)
    assert len(names) == 16  # 9 districts of Cà Mau + 7 of Bạc Liêu
