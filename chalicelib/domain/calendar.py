"""The digital election calendar: committee terms ending, grouped by month."""
from datetime import timedelta, timezone
from itertools import groupby

from .bangla import bn_digits

DHAKA = timezone(timedelta(hours=6), "Asia/Dhaka")  # Bangladesh keeps no daylight saving

MONTHS_BN = ("জানুয়ারি", "ফেব্রুয়ারি", "মার্চ", "এপ্রিল", "মে", "জুন", "জুলাই", "আগস্ট",
             "সেপ্টেম্বর", "অক্টোবর", "নভেম্বর", "ডিসেম্বর")
MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December")


def by_month(societies: list[dict]) -> list[dict]:
    """Societies (views with term_ends_on) grouped by the month their term ends, oldest first."""
    ordered = sorted(societies, key=lambda s: (s["term_ends_on"], s["name_bn"]))
    months = []
    for month, items in groupby(ordered, key=lambda s: s["term_ends_on"][:7]):
        year, number = int(month[:4]), int(month[5:7])
        months.append({
            "month": month,
            "label_bn": f"{MONTHS_BN[number - 1]} {bn_digits(year)}",
            "label_en": f"{MONTHS_EN[number - 1]} {year}",
            "societies": list(items),
        })
    return months
