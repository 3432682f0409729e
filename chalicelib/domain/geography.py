"""Divisions, districts and upazilas with BBS geocodes (see data/PROVENANCE.md).

A code's length gives its level and every code starts with its parent's code
(division "40" > district "4044" > upazila "404419"), so "everything under an
office" is a prefix. City areas are metropolitan thanas (e.g. Dhanmondi "302616"):
they sit at the upazila level like any upazila, and only their "kind" differs
("metro_thana" rather than "upazila").
"""
import json
from functools import lru_cache
from pathlib import Path

from .errors import Invalid

LEVELS = ("country", "division", "district", "upazila")
COUNTRY = {"code": "", "level": "country", "name_en": "Bangladesh", "name_bn": "বাংলাদেশ"}


@lru_cache(maxsize=1)
def _areas() -> dict[str, dict]:
    data = json.loads((Path(__file__).parent / "data" / "geography.json").read_text("utf-8"))
    areas = {"": COUNTRY}
    for level, key in (("division", "divisions"), ("district", "districts"), ("upazila", "upazilas")):
        for row in data[key]:
            areas[row["code"]] = {"code": row["code"], "level": level,
                                  "name_en": row["name_en"], "name_bn": row["name_bn"]}
            if "kind" in row:
                areas[row["code"]]["kind"] = row["kind"]
    return areas


def area(code: str) -> dict | None:
    return _areas().get(code)


def known_area(code) -> str:
    """The code, if it names the country, a division, a district or an upazila."""
    if not isinstance(code, str) or area(code) is None:
        raise Invalid("unknown_area", "Unknown area code.", "এলাকার কোড সঠিক নয়।")
    return code


def is_upazila(code: str) -> bool:
    found = area(code)
    return bool(found) and found["level"] == "upazila"


def children(code: str) -> list[dict]:
    width = len(code) + 2
    return [a for c, a in _areas().items() if len(c) == width and c.startswith(code)]


def districts_under(area_code: str) -> list[str]:
    """The district codes an area query must visit, in code order."""
    if len(area_code) >= 4:
        return [area_code[:4]]
    divisions = [area_code] if area_code else [a["code"] for a in children("")]
    return sorted(d["code"] for division in divisions for d in children(division))


def lineage(code: str) -> list[dict]:
    """The areas from division down to this code."""
    return [_areas()[code[:n]] for n in range(2, len(code) + 1, 2) if code[:n] in _areas()]


def count(level: str) -> int:
    return sum(1 for a in _areas().values() if a["level"] == level)
