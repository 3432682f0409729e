from chalicelib.domain import geography
from chalicelib.domain.bangla import normalise_bn


def test_counts_of_divisions_districts_and_upazilas():
    assert geography.count("division") == 8
    assert geography.count("district") == 64
    assert 492 <= geography.count("upazila") <= 495


def test_khulna_division_has_10_districts_and_59_upazilas():
    districts = geography.children("40")
    assert len(districts) == 10
    assert sum(len(geography.children(d["code"])) for d in districts) == 59


def test_known_upazilas_with_bengali_names():
    assert geography.area("557364")["name_en"] == "Nilphamari Sadar"
    assert geography.area("506944")["name_en"] == "Lalpur"
    assert [a["name_en"] for a in geography.lineage("506944")] == ["Rajshahi", "Natore", "Lalpur"]
    jhenaidah = geography.area("404419")
    assert jhenaidah["name_en"] == "Jhenaidah Sadar" and jhenaidah["name_bn"] == "ঝিনাইদহ সদর"


def test_every_code_nests_in_its_parent():
    for code in ("40", "4044", "404419"):
        assert all(child["code"].startswith(code) for child in geography.children(code))
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
