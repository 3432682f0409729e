from chalicelib.domain.calendar import by_month


def test_terms_grouped_by_month_in_order_with_bengali_labels():
    societies = [{"term_ends_on": "2027-02-10", "name_bn": "খ"}, {"term_ends_on": "2026-12-31", "name_bn": "ক"},
                 {"term_ends_on": "2027-02-01", "name_bn": "গ"}]
    months = by_month(societies)
    assert [m["month"] for m in months] == ["2026-12", "2027-02"]
    assert months[1]["label_bn"] == "ফেব্রুয়ারি ২০২৭" and months[1]["label_en"] == "February 2027"
    assert [s["name_bn"] for s in months[1]["societies"]] == ["গ", "খ"]
    assert by_month([]) == []
