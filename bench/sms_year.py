"""SMS parts per society per year, from the domain's own rules (no AWS, nothing sent).

An office's societies are followed day by day through YEARS years after a year of warm-up, the way
the daily scan treats them: the statutory calendar (domain.statutory) gives each obligation, the
reminder plan (domain.reminders, national deadlines staggered by the society's id) says which
reminder opens when, the president and the secretary each get one SMS a day for whatever opens
that day (domain.digests.same_day_text when there are several), and the office's officer one digest
a day. Every text is the real one (domain.sms.reminder_text, digest_text) and its parts are counted
as SNS bills them (UCS-2: 70 units in one part, 67 a part beyond).

Each society meets every obligation on its last day (before that day's scan): every reminder of a
threshold goes out, and no committee expires (no interim notice). Terms end on any day of three
years; the audit is completed on its deadline, so the AGM and the rectification report follow it.
"""
from collections import Counter, defaultdict
from dataclasses import replace
from datetime import date, timedelta

from bench import cost_assumptions as assume

START = date(2026, 7, 1)  # the warm-up year starts here; the counted years follow it
YEARS = 3  # one committee term: every kind of reminder comes round


def _society(n: int, name: str, upazila: str, start: date):
    from chalicelib.domain.society import from_dict
    ends = start + timedelta(days=n % 1095)
    year, audited = start.year - 1, (start - timedelta(days=1)).isoformat()  # last year's audit done, and after it
    return from_dict({
        "id": f"{n:017x}", "version": 1, "upazila_code": upazila, "registration_no": f"Y-{n}",
        "registered_on": "2010-01-01", "name_bn": name, "address": "বাংলাদেশ", "committee_kind": "elected",
        "committee_started_on": (ends - timedelta(days=1095)).isoformat(), "term_ends_on": ends.isoformat(),
        "officer_phone": "+8801711000419", "president_phone": f"+88018{n:08d}", "secretary_phone": f"+88019{n:08d}",
        "last_accounts_year": f"{year - 1}-{year}", "last_audit_year": f"{year - 1}-{year}",
        "last_audit_on": audited, "last_agm_on": audited, "last_rectification_on": audited})


def _met(society, obligation):
    """The society after meeting this obligation on its due day."""
    from chalicelib.domain.terms import add_years
    day = obligation.due_on
    if obligation.kind == "committee_term":
        return replace(society, committee_started_on=day, term_ends_on=add_years(day, 3))
    if obligation.kind == "audit":
        return replace(society, last_audit_year=obligation.subject, last_audit_on=day)
    if obligation.kind == "agm":
        return replace(society, last_agm_on=day)
    if obligation.kind == "audit_rectification":
        return replace(society, last_rectification_on=day)
    return replace(society, last_accounts_year=obligation.subject)


def follow(society, rules, start: date, end: date):
    """(day, role, text) of every SMS the society's people get in [start, end), and (day, template) of
    every reminder its officer is told of in the digest."""
    from chalicelib.domain.digests import OFFICER_ROLES, same_day_text
    from chalicelib.domain.reminders import due_today, next_reminder_on, plan
    from chalicelib.domain.sms import reminder_text, template_for
    from chalicelib.domain.statutory import obligations
    sms, officer, done, day = [], [], set(), start
    while day < end:
        for obligation in obligations(society, day):
            if not obligation.projected and obligation.due_on <= day:
                society = _met(society, obligation)
        reminders = plan(obligations(society, day), rules, society.id)
        owed = due_today(reminders, done, day)
        for role in ("president", "secretary"):
            mine = [r for r in owed if role in r.recipients]
            if len(mine) == 1:
                r = mine[0]
                sms.append((day, role, reminder_text(template_for(r.template, role), society.name_bn, r.due_on,
                                                     r.subject)))
            elif mine:
                sms.append((day, role, same_day_text(society.name_bn, [(r.kind, r.due_on, r.subject) for r in mine])))
        officer += [(day, r.template) for r in owed if set(r.recipients) & set(OFFICER_ROLES)]
        done |= {r.key for r in owed}
        after = day + timedelta(days=1)
        upcoming = [o.due_on for o in obligations(society, after) if not o.projected and o.due_on >= after]
        pending = next_reminder_on(plan(obligations(society, after), rules, society.id), done, after)
        day = max(after, min(upcoming + ([pending] if pending else []), default=end))
    return sms, officer


def parts_per_society_year(societies: int = assume.SOCIETIES_PER_UPAZILA, years: int = YEARS,
                           names: tuple[str, ...] = assume.SOCIETY_NAMES, upazila: str = "404419",
                           site_url: str = assume.SITE_URL) -> dict:
    """The figures for one upazila office of `societies` societies, per society and year."""
    from chalicelib.config import settings
    from chalicelib.domain.digests import Digest, digest_text
    from chalicelib.domain.sms import sms_size
    rules = settings().reminder_rules()
    counted_from = date(START.year + 1, START.month, START.day)  # after the warm-up year
    end = date(START.year + 1 + years, START.month, START.day)
    people_parts, people_sms, due_days = 0, 0, set()
    digests = defaultdict(lambda: Digest(upazila, "+8801711000419"))
    one_part = Counter()
    for n in range(societies):
        society = _society(n, names[n % len(names)], upazila, START)
        sms, officer = follow(society, rules, START, end)
        for day, _, text in sms:
            if day >= counted_from:
                parts = sms_size(text).parts
                people_parts, people_sms = people_parts + parts, people_sms + 1
                one_part[parts] += 1
                due_days.add((n, day))
        for day, template in officer:
            if day >= counted_from:
                digests[day].add(society.id, template)
                due_days.add((n, day))
    digest_parts = sum(sms_size(digest_text(d, f"{site_url}/officer.html#/")).parts for d in digests.values())
    society_years = societies * years
    return {
        "sms_per_society_year": round(people_sms / society_years, 2),
        "sms_parts_per_society_year_people": round(people_parts / society_years, 2),
        "sms_one_part_share": round(one_part[1] / max(1, people_sms), 3),
        "due_days_per_society_year": round(len(due_days) / society_years, 2),  # days the scan sends it something
        "digests_per_office_year": round(len(digests) / years, 1),
        "digest_parts_per_society_year": round(digest_parts / society_years, 2),
        "sms_parts_per_society_year": round((people_parts + digest_parts) / society_years, 2),
    }


if __name__ == "__main__":
    for name, value in parts_per_society_year().items():
        print(f"{name}: {value}")
