import json
from collections import Counter
from pathlib import Path

from chalicelib.domain import geography
from chalicelib.domain.bangla import normalise_bn


def _kinds(children):
    return Counter(a["kind"] for a in children)


def test_counts_of_divisions_districts_upazilas_and_metro_thanas():
    assert geography.count("division") == 8
    assert geography.count("district") == 64
    assert geography.count("upazila") == 495 + 61
    everything = [u for u, _ in _upazilas_with_district()]
    assert _kinds(everything) == {"upazila": 495, "metro_thana": 61}


def test_khulna_division_has_10_districts_59_upazilas_and_5_metro_thanas():
    districts = geography.children("40")
    assert len(districts) == 10
    assert _kinds(a for d in districts for a in geography.children(d["code"])) == {
        "upazila": 59, "metro_thana": 5}


def test_metro_thanas_are_upazila_level_areas_under_their_city_district():
    assert _kinds(geography.children("3026")) == {"upazila": 5, "metro_thana": 41}
    assert _kinds(geography.children("2015"))["metro_thana"] == 11
    assert _kinds(geography.children("5081"))["metro_thana"] == 4
    dhanmondi = geography.area("302616")
    assert dhanmondi == {"code": "302616", "level": "upazila", "kind": "metro_thana",
                         "name_en": "Dhanmondi", "name_bn": "ধানমন্ডি"}
    assert geography.is_upazila("302616")
    assert [a["code"] for a in geography.lineage("302616")] == ["30", "3026", "302616"]
    assert geography.area("302672")["kind"] == "upazila"            # Savar, rural Dhaka
    assert geography.area("508190")["name_bn"] == normalise_bn("শাহমখদুম")
    assert "kind" not in geography.area("3026") and "kind" not in geography.area("30")


def test_known_upazilas_with_bengali_names():
    assert geography.area("557364")["name_en"] == "Nilphamari Sadar"
    assert geography.area("506944")["name_en"] == "Lalpur"
    assert [a["name_en"] for a in geography.lineage("506944")] == ["Rajshahi", "Natore", "Lalpur"]
    jhenaidah = geography.area("404419")
    assert jhenaidah["name_en"] == "Jhenaidah Sadar" and jhenaidah["name_bn"] == "ঝিনাইদহ সদর"


def test_every_code_nests_in_its_parent():
    """Each row of the data file: its code's length gives its level, and dropping the last two digits gives
    an area one level up (so "everything under an office" is a prefix)."""
    data = json.loads((Path(geography.__file__).parent / "data" / "geography.json").read_text("utf-8"))
    levels = ["country", "division", "district", "upazila"]
    rows = [(level, row["code"]) for level, key in zip(levels[1:], ("divisions", "districts", "upazilas"))
            for row in data[key]]
    assert len(rows) == 8 + 64 + 495 + 61
    for level, code in rows:
        assert len(code) == 2 * levels.index(level) and code.isdigit(), code
        assert geography.area(code)["level"] == level, code
        parent = geography.area(code[:-2])
        assert parent is not None and levels.index(parent["level"]) == levels.index(level) - 1, code
    assert geography.is_upazila("404419") and not geography.is_upazila("4044")
    assert geography.area("999999") is None


def _upazilas_with_district():
    for district in (d for division in geography.children("") for d in geography.children(division["code"])):
        for upazila in geography.children(district["code"]):
            yield upazila, district


def test_every_district_sadar_upazila_spells_the_district_as_the_district_does():
    sadar = [(u, d) for u, d in _upazilas_with_district()
             if u["name_bn"].endswith(" সদর") and u["name_en"] != "Adarsha Sadar"]
    assert len(sadar) >= 58
    for upazila, district in sadar:
        assert upazila["name_bn"].startswith(district["name_bn"] + " "), (upazila, district)
        assert upazila["name_en"].startswith(district["name_en"] + " "), (upazila, district)
    names = {u["code"]: u["name_bn"] for u, _ in sadar}
    assert names["306758"] == normalise_bn("নারায়ণগঞ্জ সদর") and names["308669"] == normalise_bn("শরীয়তপুর সদর")


def test_stored_names_are_normalised():
    areas = [a for u, d in _upazilas_with_district() for a in (u, d)] + geography.children("")
    assert all(a["name_bn"] == normalise_bn(a["name_bn"]) for a in areas)
    # য় is stored one way, so the district and its Sadar upazila compare equal.
    assert geography.area("107895")["name_bn"].startswith(geography.area("1078")["name_bn"])
