"""Demo officers (Cognito) and demo societies for the local stack. Local use only."""
import os
import secrets
from datetime import date, timedelta

import boto3

from chalicelib.domain.society_input import SocietyInput
from chalicelib.domain.terms import add_years
from chalicelib.services.registry import new_society
from chalicelib.store.offices import Offices
from chalicelib.store.societies import Societies, new_id

DEMO_PASSWORD = os.environ.get("SAMABAY_DEMO_PASSWORD", "Samabay@2026")
DEMO_USERS = (
    # username, role, office code, what the office is
    ("hq.demo", "hq", "", "সমবায় অধিদপ্তর, ঢাকা (HQ)"),
    ("jr.demo", "division", "40", "যুগ্ম-নিবন্ধক, খুলনা বিভাগ"),
    ("dco.demo", "district", "4044", "জেলা সমবায় অফিসার, ঝিনাইদহ"),
    ("uco.demo", "upazila", "404419", "উপজেলা সমবায় অফিসার, ঝিনাইদহ সদর"),
    ("uco2.demo", "upazila", "404433", "উপজেলা সমবায় অফিসার, কালীগঞ্জ (ঝিনাইদহ)"),
)

# name_bn, name_en, upazila, committee kind, days until the term ends
DEMO_SOCIETIES = (
    ("আদর্শ কৃষক সমবায় সমিতি লিঃ", "Adarsha Krishak Samabay Samiti Ltd", "404419", "elected", 640),
    ("ঝিনাইদহ দুগ্ধ উৎপাদনকারী সমবায় সমিতি লিঃ", "Jhenaidah Dairy Producers Cooperative Ltd", "404419", "elected", 200),
    ("নবগঙ্গা মৎস্যজীবী সমবায় সমিতি লিঃ", "Nabaganga Fishermen Cooperative Ltd", "404419", "elected", 60),
    ("পল্লী উন্নয়ন মহিলা সমবায় সমিতি লিঃ", "Palli Unnayan Mohila Samabay Samiti Ltd", "404419", "interim", 45),
    ("শহীদ স্মৃতি বহুমুখী সমবায় সমিতি লিঃ", "Shahid Smriti Multipurpose Cooperative Ltd", "404419", "elected", -10),
    ("কালীগঞ্জ তাঁতি সমবায় সমিতি লিঃ", "Kaliganj Weavers Cooperative Ltd", "404433", "elected", 300),
    ("কালীগঞ্জ আশ্রয়ণ সমবায় সমিতি লিঃ", "Kaliganj Asrayon Cooperative Ltd", "404433", "elected", 80),
)


def create_users(user_pool_id: str, region: str) -> None:
    """The demo officers in Cognito and in the officer directory (as an office above registered them)."""
    from chalicelib.store.officers import Officers

    cognito = boto3.client("cognito-idp", region_name=region)
    directory = Officers()
    for index, (username, role, office, what) in enumerate(DEMO_USERS):
        phone = f"+88017111000{index:02d}"
        cognito.admin_create_user(UserPoolId=user_pool_id, Username=username, MessageAction="SUPPRESS",
                                  UserAttributes=[{"Name": "custom:role", "Value": role},
                                                  {"Name": "custom:office", "Value": office},
                                                  {"Name": "phone_number", "Value": phone},
                                                  {"Name": "name", "Value": what}])
        cognito.admin_set_user_password(UserPoolId=user_pool_id, Username=username,
                                        Password=DEMO_PASSWORD, Permanent=True)
        cognito.admin_add_user_to_group(UserPoolId=user_pool_id, Username=username, GroupName=role)
        directory.add({"username": username, "name_bn": what, "phone": phone, "role": role, "office_code": office,
                       "status": "active", "parent_code": office[:-2] if office else None,
                       "created_by": "demo-loader", "created_at": "2026-01-01T00:00:00+00:00",
                       "updated_by": "demo-loader", "updated_at": "2026-01-01T00:00:00+00:00"}, "demo-loader")


SOCIETY_DEMO = "society.demo"  # the secretary of DEMO_SOCIETIES[0], a central society in uco.demo's upazila


def create_society_user(user_pool_id: str, region: str, username: str, society_id: str) -> None:
    """A society's own user (role "society", scoped by its society's id, not by an office)."""
    cognito = boto3.client("cognito-idp", region_name=region)
    cognito.admin_create_user(UserPoolId=user_pool_id, Username=username, MessageAction="SUPPRESS",
                              UserAttributes=[{"Name": "custom:role", "Value": "society"},
                                              {"Name": "custom:office", "Value": society_id},
                                              {"Name": "name", "Value": "সম্পাদক, কেন্দ্রীয় সমবায় সমিতি"}])
    cognito.admin_set_user_password(UserPoolId=user_pool_id, Username=username, Password=DEMO_PASSWORD,
                                    Permanent=True)
    cognito.admin_add_user_to_group(UserPoolId=user_pool_id, Username=username, GroupName="society")


def demo_society(index: int, name_bn: str, name_en: str, upazila: str, kind: str, days: int,
                 today: date) -> SocietyInput:
    ends = today + timedelta(days=days)
    started = ends - timedelta(days=120) if kind == "interim" else add_years(ends, -3)
    return SocietyInput.model_validate({
        "registration_no": f"JHE-{upazila[-2:]}-{101 + index}", "registered_on": "2009-07-01",
        "name_bn": name_bn, "name_en": name_en, "address": f"{name_en.split()[0]}, Jhenaidah",
        "upazila_code": upazila, "committee_kind": kind, "committee_started_on": started.isoformat(),
        "last_agm_on": (today - timedelta(days=200)).isoformat(), "last_audit_year": "2024-2025",
        "last_audit_on": (today - timedelta(days=250)).isoformat(),
        "officer_phone": "01711000" + upazila[-3:], "president_phone": f"0181200{index:04d}",
        "secretary_phone": f"0191300{index:04d}",
        "facebook_url": "https://facebook.com/samabay.jhenaidah" if index == 0 else None,
        "level": "central" if index == 0 else "primary", "kind": "general",
    }, context={"today": today})


def create_offices() -> None:
    """Each demo office publishes an official phone (used when a society has no officer's number)."""
    for index, (_, _, office, _) in enumerate(DEMO_USERS):
        Offices().save(office, f"+88015550000{index:02d}", "demo-loader", "2026-01-01T00:00:00+00:00")


def create_societies(today: date) -> int:
    """The demo societies, with their static pages for link previews."""
    from chalicelib.services.site_content import publish_societies
    from chalicelib.store.site import SiteFiles
    societies, created = Societies(), []
    for index, row in enumerate(DEMO_SOCIETIES):
        entered = demo_society(index, *row, today=today)
        created.append(new_society(entered, new_id(), "demo-loader", today, "demo"))
        societies.create(created[-1], "demo-loader")
    publish_societies(societies, SiteFiles(), created, today)
    from chalicelib.config import settings
    create_society_user(settings().user_pool_id, settings().region, SOCIETY_DEMO, created[0].id)
    return len(DEMO_SOCIETIES)


DEMO_PRODUCTS = (  # (society index, name_bn, name_en, category, unit, price in Taka, stock, featured)
    (1, "খাঁটি গাওয়া ঘি", "Pure cow ghee", "dairy", "kg", 950, 40, True),
    (2, "কৈ মাছ (জীবিত)", "Live climbing perch", "fish", "kg", 420, 60, False),
    (3, "নকশিকাঁথা", "Nakshi kantha quilt", "handicraft", "piece", 3500, 12, True),
    (0, "খেজুরের গুড়", "Date palm molasses", "food", "kg", 380, 100, False),
    (3, "তাঁতের গামছা", "Handloom gamchha", "textile", "piece", 250, 200, False),
    (0, "সরিষার তেল (ঘানি ভাঙা)", "Cold-pressed mustard oil", "food", "litre", 320, 80, True),
)


def create_products(now: str) -> int:
    """Products of the first demo societies (uco.demo's upazila), through the products service."""
    from chalicelib.domain.jurisdiction import Caller
    from chalicelib.services.products import create_product
    from chalicelib.store.market import Market
    from chalicelib.store.site import SiteFiles

    societies = Societies()
    caller = Caller("demo-loader", "upazila", "404419")
    owned = [s for s in societies.list_area("404419", date.fromisoformat(now[:10]), limit=50)[0]]
    owned.sort(key=lambda s: s.registration_no)
    market, pages = Market(), SiteFiles()
    for index, name_bn, name_en, category, unit, taka, stock, featured in DEMO_PRODUCTS:
        create_product(market, societies, caller, owned[index].id,
                       {"name_bn": name_bn, "name_en": name_en, "category": category, "unit": unit,
                        "price_paisa": taka * 100, "stock": stock, "featured": featured,
                        "brand": "সমবায় পণ্য"}, secrets.token_hex(8), now, pages)
    return len(DEMO_PRODUCTS)


DEMO_ABOUT = {  # office code -> the about page it publishes (official contacts only)
    "4044": {"address_bn": "জেলা সমবায় কার্যালয়, কালীগঞ্জ রোড, ঝিনাইদহ",
             "address_en": "District Cooperative Office, Kaliganj Road, Jhenaidah", "contact_phone": "0451-62456",
             "email": "dco.jhenaidah@coop.gov.bd", "facebook_url": "https://facebook.com/dco.jhenaidah",
             "working_hours_bn": "রবি–বৃহস্পতি, সকাল ৯টা – বিকেল ৫টা", "working_hours_en": "Sun–Thu, 9 am – 5 pm",
             "officers": [{"name_bn": "মোঃ আব্দুস সবুর", "name_en": "Md. Abdus Sabur",
                           "title_bn": "জেলা সমবায় কর্মকর্তা", "title_en": "District Cooperative Officer"}]},
    "404419": {"address_bn": "উপজেলা পরিষদ চত্বর, ঝিনাইদহ সদর", "address_en": "Upazila Parishad, Jhenaidah Sadar",
               "email": "uco.jhenaidahsadar@coop.gov.bd", "facebook_url": "https://facebook.com/uco.jhenaidah.sadar",
               "working_hours_bn": "রবি–বৃহস্পতি, সকাল ৯টা – বিকেল ৫টা", "working_hours_en": "Sun–Thu, 9 am – 5 pm",
               "officers": [{"name_bn": "আনোয়ার হোসেন", "name_en": "Anwar Hossain",
                             "title_bn": "উপজেলা সমবায় কর্মকর্তা", "title_en": "Upazila Cooperative Officer"}]},
}
DEMO_NOTICES = (  # office, title_bn, title_en, body_bn, breaking
    ("4044", "প্রত্যেক সমিতিতে ব্যাংক হিসাব খুলুন", "Open a bank account in every society",
     "প্রত্যেক সমিতিতে ব্যাংক হিসাব খুলে আর্থিক লেনদেন সম্পন্ন করার জন্য অনুরোধ করা হল।", True),
    ("404419", "বার্ষিক সাধারণ সভার সময়সূচি", "AGM schedule",
     "ঝিনাইদহ সদর উপজেলার সমিতিসমূহকে আগামী মাসের মধ্যে বার্ষিক সাধারণ সভা সম্পন্ন করতে বলা হল।", False),
)


def create_site_content(now: str) -> int:
    """The demo offices' about pages and a few notices, through the services (static pages included)."""
    from chalicelib.domain.jurisdiction import Caller
    from chalicelib.services import offices, site_content
    from chalicelib.store.content import Content
    from chalicelib.store.site import SiteFiles

    content = Content()
    pages = SiteFiles(content)
    roles = {office: role for _, role, office, _ in DEMO_USERS}
    for code, about in DEMO_ABOUT.items():
        offices.update_office(Offices(), Caller("demo-loader", roles[code], code), code, about, now, pages)
    for office, title_bn, title_en, body_bn, breaking in DEMO_NOTICES:
        site_content.create_notice(content, pages, Caller("demo-loader", roles[office], office),
                                   {"title_bn": title_bn, "title_en": title_en, "body_bn": body_bn,
                                    "breaking": breaking}, secrets.token_hex(8), now)
    return len(DEMO_NOTICES)


# Borrowers of the demo Asrayon project: name, father's or husband's name, barrack, room, phone, instalments paid
DEMO_BORROWERS = (
    ("রহিমা খাতুন", "আব্দুল করিম", "1", "3", "01712000101", 3),   # paid every instalment due so far
    ("সালমা বেগম", "মোঃ রফিক", "1", "4", "01712000102", 1.5),     # part paid: in arrears
    ("আমেনা বিবি", "মোঃ হাশেম", "2", "1", "01712000103", 0),      # paid nothing: the longest overdue
    ("জরিনা খাতুন", "মোঃ ইউসুফ", "2", "2", "01712000104", 2),
)


def create_loans(today: date, now: str) -> int:
    """One Asrayon project in uco.demo's upazila with loans three instalments old, paid fully, partly or not at all
    (credited as bKash would, on the due dates), so the officers' loan screens and defaulter list show something."""
    from chalicelib.domain.jurisdiction import Caller
    from chalicelib.domain.loans import LedgerEntry
    from chalicelib.services.loans import create_loan, create_project
    from chalicelib.store.loans import Loans

    loans, caller = Loans(), Caller("demo-loader", "upazila", "404419")
    first_due = today - timedelta(days=75)
    project = create_project(loans, Societies(), new_id, caller, {
        "name_bn": "ঝিনাইদহ সদর আশ্রয়ণ-২ বহুমুখী সমবায় সমিতি লিঃ", "name_en": "Jhenaidah Sadar Asrayon-2 Multipurpose "
        "Cooperative Ltd", "upazila_code": "404419", "phase": "আশ্রয়ণ-২", "bkash_account": "01711000419",
        "bank_account": "সোনালী ব্যাংক পিএলসি, ঝিনাইদহ শাখা, হিসাব ০১২৩৪০০০৫৬৭৮", "bkash_approval_ref":
        "উপজেলা আশ্রয়ণ টাস্কফোর্স কমিটি, সভা ৩/২০২৬", "bkash_approved_on": (today - timedelta(days=200)).isoformat()},
        today, now)
    for name_bn, guardian, barrack, room, phone, paid in DEMO_BORROWERS:
        loan = create_loan(loans, new_id, caller, {
            "project_id": project.id, "borrower": {"name_bn": name_bn, "guardian_name_bn": guardian,
                                                   "barrack_no": barrack, "room_no": room, "phone": phone},
            "loan_date": (first_due - timedelta(days=30)).isoformat(), "principal_paisa": 3_000_000,
            "service_charge_paisa": 150_000, "instalments": 12, "frequency": "monthly",
            "first_due_on": first_due.isoformat()}, today, now)
        for index, instalment in enumerate(loan.schedule[:int(paid + 0.5)]):
            share = instalment.amount_paisa if index < int(paid) else instalment.amount_paisa // 2
            loans.credit(loan.id, LedgerEntry(f"demo-{loan.id}-{index}", "payment", share,
                                              f"{instalment.due_on}T11:00:00+06:00", now), "demo-loader")
    return len(DEMO_BORROWERS)
