"""What the daily scan sends besides one reminder to one number: one SMS for a society's
reminders that fall on the same day, and one digest a day for each office's officer.

An officer used to get one SMS per society (about 350 on the national day); the digest says
how many of the office's societies were reminded of what, with the link to the list. Each
digest is keyed by its office, number and day, so it goes once whoever plans it again.
"""
from dataclasses import dataclass, field
from datetime import date

from . import geography
from .bangla import bn_date, bn_digits
from .messaging import office_name
from .sms import MAX_PARTS, fit_name, sms_size

OFFICER_ROLES = ("officer", "acting_officer")  # told through the office's digest, not society by society
SAME_DAY = "same_day"  # the template name of a society's several reminders in one SMS
DIGEST = "digest"

# one line per reminder in a same-day SMS: {due}, {year}
SAME_DAY_ITEMS = {
    "committee_term": "কমিটির মেয়াদ শেষ {due}",
    "agm": "বার্ষিক সাধারণ সভা {due} এর মধ্যে",
    "audit": "{year} বর্ষের অডিট {due} এর মধ্যে",
    "audit_rectification": "অডিট সংশোধনী প্রতিবেদন {due} এর মধ্যে",
    "accounts_statement": "{year} বর্ষের হিসাব বিবরণী {due} এর মধ্যে",
}
# how a digest counts each kind of reminder (templates: the officer's wording names the same thing)
DIGEST_LABELS = {
    "committee_term": "কমিটির মেয়াদ",
    "committee_expired": "মেয়াদ শেষ (অন্তর্বর্তী কমিটি)",
    "agm": "সাধারণ সভা",
    "audit": "অডিট",
    "audit_rectification": "অডিট সংশোধনী",
    "accounts_statement": "হিসাব বিবরণী",
}


def same_day_text(society_name: str, reminders: list[tuple[str, date, str]]) -> str:
    """One SMS for several reminders of a society ((kind, due, year) each), the name cut to keep
    it within two parts where the items allow (else as few as they need)."""
    items = "; ".join(SAME_DAY_ITEMS[kind].format(due=bn_date(due), year=bn_digits(year))
                      for kind, due, year in reminders)

    def render(name: str) -> str:
        return f"{name}: {items}। সময়মতো করুন।"
    return fit_name(render, society_name, max(MAX_PARTS, sms_size(render("ক")).parts))


@dataclass
class Digest:
    """How many of the office's societies were reminded today, and of what. Counts, not ids: the
    parts of a day that separate invocations planned add up (merge)."""
    office_code: str
    phone: str
    societies: int = 0
    reminded: dict[str, int] = field(default_factory=dict)  # template -> how many societies
    counted: set = field(default_factory=set, repr=False, compare=False)  # ids and (id, template) added

    def add(self, society_id: str, template: str) -> None:
        """The society is reminded of `template` today (each society and template counted once)."""
        if society_id not in self.counted:
            self.counted.add(society_id)
            self.societies += 1
        if (society_id, template) not in self.counted:
            self.counted.add((society_id, template))
            self.reminded[template] = self.reminded.get(template, 0) + 1

    def merge(self, other: "Digest") -> None:
        """Another part of the day's societies (none of them in this part)."""
        self.societies += other.societies
        for template, count in other.reminded.items():
            self.reminded[template] = self.reminded.get(template, 0) + count


def digest_key(today: date) -> str:
    return f"{DIGEST}:{today.isoformat()}"


def digest_text(digest: Digest, list_url: str) -> str:
    """"<area>: আজ ১২টি সমিতিকে তাগিদ — অডিট ৯, কমিটির মেয়াদ ৩। তালিকা: <url>" (sent the day it names)."""
    counts = ", ".join(f"{DIGEST_LABELS.get(kind, kind)} {bn_digits(n)}"
                       for kind, n in sorted(digest.reminded.items(), key=lambda k: (-k[1], k[0])))
    area = (geography.area(digest.office_code) or {}).get("name_bn") or office_name(digest.office_code)
    return f"{area}: আজ {bn_digits(digest.societies)}টি সমিতিকে তাগিদ — {counts}। তালিকা: {list_url}"
