from chalicelib.domain import geography


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
