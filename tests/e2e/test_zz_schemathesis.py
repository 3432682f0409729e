"""Schemathesis over every operation of the real local stack, with the token of every role in turn.

The API document (GET /api/openapi.json) is the contract: no request may get a 5xx, every
status, content type and body must be the documented ones, and a request the document
allows must not be refused with 400 (positive data acceptance). Rules JSON Schema cannot
express are stated in the document's descriptions; the few places where generated data is
brought inside them, or a check is left out, are listed below with the reason.

It runs Schemathesis's engine (what `schemathesis run` runs: the examples, coverage and
fuzzing phases) in-process, deterministically. The stack is this module's own (moto +
`chalice local` on free ports, with the demo data), so what the run creates, changes,
dissolves or locks never reaches the other end-to-end tests.
"""
import random
import re
from collections import Counter
from datetime import date, timedelta

import pytest
import requests
import schemathesis
from schemathesis.engine import Status, events, from_schema

from chalicelib.domain import geography
from chalicelib.domain.bangla import ascii_digits, normalise_bn
from chalicelib.domain.errors import Invalid
from chalicelib.domain.messaging import checked_template
from chalicelib.domain.society_input import NOT_IN_FUTURE
from chalicelib.handlers.common import dhaka_today
from local.demo import DEMO_PASSWORD, DEMO_USERS

from .conftest import isolated_stack

# Each role's token in turn, so the successful answers of routes only a district, a division or the
# headquarters may use are checked too. The upazila officer, who may write the most, gets the coverage phase
# (every boundary of every parameter) and the most examples; the offices above, whose every nationwide read
# fans out over the districts below them, get the fuzzing phase with fewer examples.
OFFICERS = {"uco.demo": 25, "dco.demo": 15, "jr.demo": 15, "hq.demo": 15}  # username: examples per operation
WITH_COVERAGE = {"uco.demo"}
# The upazila officer's run was the suite's longest (10-12 minutes before its coverage phase's area codes were
# sampled, below): it runs as one test per operation group, so both pytest-xdist workers share it
# (tests/conftest.py starts the longest tests first, spread over the workers). A path is in the first group
# whose pattern it matches, the last group takes every path the others leave: each operation is in exactly one.
# Minutes (for the ordering only): each run's time in the whole suite at 0d27f96 (two workers, load 6-7).
COVERAGE_GROUPS = {  # name: (path pattern, minutes)
    "public-societies": (r"/api/public/societies", 0.5),
    "public": (r"/api/public/", 0.5),
    "societies": (r"/api/(societies|corrections|products)\b", 1.4),
    "messages": (r"/api/messages\b", 0.6),
    "loans-and-budgets": (r"/api/(asrayon|loans|budgets)\b", 2.5),
    "the-rest": (r"", 1.3),
}
FUZZING_MINUTES = {"dco.demo": 1.8, "jr.demo": 1.8, "hq.demo": 3}
# The coverage phase tries every value of an enum on each operation, and every area-code parameter's enum
# holds all ~630 codes: that was 20,000 of the upazila officer's ~35,800 requests. Its coverage phase runs on
# a document whose area-code enums hold a fixed sample of them (sampled_areas); its examples and fuzzing
# phases draw from every code.
AREA_HANDFUL = 8  # codes drawn with SEED, beyond the ones chosen for where they stand to the officer
CHECKS = ("not_a_server_error", "status_code_conformance", "content_type_conformance",
          "response_schema_conformance", "positive_data_acceptance")
# Operations whose requests are judged by rules no request schema can state: the positive-data check is
# left out there (every other check still runs).
NOT_JUDGED_BY_SCHEMA = (
    # The body is a CSV or XLSX file: its header row and cells are checked row by row, which JSON Schema
    # cannot describe; an unreadable file is 400 by design.
    ("POST", "/api/societies/import"),
    # A job is started for a file uploaded first (POST /api/societies/import/uploads, then to S3): an upload id
    # the schema allows names no file (400 file_not_uploaded).
    ("POST", "/api/societies/import/jobs"),
    # The same for a budget file's resolution: an upload id the schema allows names no uploaded scan (400
    # file_not_uploaded), and a scan's bytes must be what its type says.
    ("POST", "/api/budgets/{budget_id}/resolution"),
    # A patch is validated merged with the stored record (dates in order across stored and sent fields,
    # not in the future), and its `version` must equal the stored one (409).
    ("PATCH", "/api/societies/{society_id}"),
    # The current (or temporary) password must be the account's, and the new one must meet the user pool's
    # policy (upper and lower case letters and a digit), stated in the description.
    ("POST", "/api/profile/password"),
    ("POST", "/api/auth/new-password"),
)
SEED = 2026


@pytest.fixture(scope="module")
def own_stack(tmp_path_factory):
    """A stack of this module's own, so what it creates, dissolves or locks reaches no other test."""
    with isolated_stack(tmp_path_factory.mktemp("schemathesis")) as started:
        yield started.api_url


@pytest.fixture(scope="module")
def tokens(own_stack):
    """Every officer logged in before any run: a manager's run may reset, deactivate or move the officers below
    it on this shared stack (jr.demo's did dco.demo's), and the runs' order on a worker is by length."""
    return {officer: officer_token(own_stack, officer) for officer in OFFICERS}


def officer_token(api_url: str, username: str) -> str:
    reply = requests.post(f"{api_url}/api/auth/login", json={"username": username, "password": DEMO_PASSWORD},
                          timeout=30)
    assert reply.status_code == 200, reply.text
    return reply.json()["token"]


PHASES = ("examples", "coverage", "fuzzing")


def run_config(api_url: str, token: str, examples: int, phases: tuple[str, ...] = PHASES):
    return schemathesis.Config.from_dict({
        "seed": SEED,
        "base-url": api_url,
        # `chalice local` keeps connections alive and writes a reply in small pieces, so every request on a
        # kept-alive connection waits ~40 ms for a delayed ACK; a fresh connection each time is 10-30x faster.
        "headers": {"Authorization": f"Bearer {token}", "Connection": "close"},
        "request-timeout": 30,
        "continue-on-failure": True,
        "generation": {"max-examples": examples, "deterministic": True, "database": "none"},
        "phases": {"stateful": {"enabled": False},
                   **{phase: {"enabled": phase in phases} for phase in ("examples", "fuzzing")},
                   # TRACE and QUERY never reach the app under `chalice local`: its HTTP server answers 501
                   # for methods it has no handler for (API Gateway refuses them itself).
                   "coverage": {"enabled": "coverage" in phases,
                                "unexpected-methods": ["GET", "PUT", "POST", "DELETE", "OPTIONS", "PATCH"]}},
        "checks": {"enabled": False, **{name: {"enabled": True} for name in CHECKS}},
        "operations": [{"include-method": method, "include-path": path,
                        "checks": {"positive_data_acceptance": {"enabled": False}}}
                       for method, path in NOT_JUDGED_BY_SCHEMA],
    })


def load_schema(api_url: str, token: str, examples: int, phases: tuple[str, ...], office: str):
    """The document as served, for `phases` of a run as an officer of `office`."""
    schema = schemathesis.openapi.from_url(f"{api_url}/api/openapi.json",
                                           config=run_config(api_url, token, examples, phases), timeout=30)
    if "coverage" in phases:
        sample_area_codes(schema.raw_schema, sampled_areas(office))

    @schema.hook
    def filter_case(context, case):
        return keeps_to_prose_rules(case)

    @schema.hook
    def map_case(context, case):
        return brought_inside_prose_rules(case)

    return schema


def all_area_codes() -> set[str]:
    """Every division, district and upazila (or metropolitan thana) code."""
    codes, parents = set(), [""]
    while parents:
        parents = [area["code"] for parent in parents for area in geography.children(parent)]
        codes.update(parents)
    return codes


def sampled_areas(office: str) -> set[str]:
    """The area codes the coverage phase tries as an officer of `office`: its own area and the areas above
    and below it; at each level the first neighbour under the same parent (a division, a district and an
    upazila out of its jurisdiction); the demo offices' areas (whose societies are another officer's); one
    metropolitan thana (an upazila of a kind of its own); and AREA_HANDFUL more drawn with SEED, the same on
    every run."""
    every = all_area_codes()
    lineage = {office[:width] for width in range(2, len(office) + 1, 2)}
    below = {code for code in every if code.startswith(office)}
    neighbours = {min(code for code in every
                      if len(code) == len(own) and code[:-2] == own[:-2] and code != own) for own in lineage}
    metro_thana = min(code for code in every if geography.area(code).get("kind") == "metro_thana")
    demo_offices = {code for _, _, code, _ in DEMO_USERS if code}
    chosen = lineage | below | neighbours | demo_offices | {metro_thana}
    return chosen | set(random.Random(SEED).sample(sorted(every - chosen), AREA_HANDFUL))


def sample_area_codes(document: dict, keep: set[str]) -> None:
    """Every enum of area codes in the document (in place) narrowed to the codes in `keep`; its values that
    are no code ("" for the whole country, BD for headquarters) stay."""
    every = all_area_codes()

    def visit(node) -> None:
        if isinstance(node, dict):
            enum = node.get("enum")
            if isinstance(enum, list) and all(isinstance(value, str) for value in enum) and \
                    sum(value in every for value in enum) > len(keep):
                node["enum"] = [value for value in enum if value in keep or value not in every]
            for value in node.values():
                visit(value)
        elif isinstance(node, list):
            for value in node:
                visit(value)
    visit(document)


def _positive(case) -> bool:
    """Only cases generated to fit the schema must be accepted; the rest are left as generated."""
    return case.meta is not None and case.meta.generation.mode.is_positive


TEXT_LENGTHS = (("name_bn", 2, 200), ("name_en", 0, 200), ("address", 2, 300))


def keeps_to_prose_rules(case) -> bool:
    """False drops a positive case that breaks a rule the document can state only in prose."""
    body = case.body if isinstance(case.body, dict) else None
    if not _positive(case) or body is None:
        return True
    if case.path in ("/api/auth/login", "/api/auth/new-password"):
        # Never spend a demo officer's wrong-password allowance (10, then 429 for 15 minutes).
        return body.get("username") not in {user[0] for user in DEMO_USERS}
    if (case.method.upper(), case.path) == ("PATCH", "/api/profile"):  # the same rule for a name
        return not isinstance(body.get("name_bn"), str) or 2 <= len(normalise_bn(body["name_bn"])) <= 120
    if (case.method.upper(), case.path) == ("PUT", "/api/messages/templates/{kind}"):
        # Braces only as {name}, with a variable the kind takes (GET /api/messages/templates lists them), and no
        # longer than three SMS parts with the longest values: the description says so; the domain judges it.
        return not isinstance(body.get("text"), str) or saveable(body["text"], case.path_parameters["kind"])
    if (case.method.upper(), case.path) == ("POST", "/api/societies"):
        # Lengths count the stored text (NFC, zero-width marks removed): letters that compose, or that
        # NFC splits, change it, which a JSON Schema length cannot follow.
        return all(not isinstance(body.get(name), str) or low <= len(normalise_bn(body[name])) <= high
                   for name, low, high in TEXT_LENGTHS)
    if (case.method.upper(), case.path) == ("POST", "/api/asrayon/projects"):  # the same rule
        return all(not isinstance(body.get(name), str) or low <= len(normalise_bn(body[name])) <= high
                   for name, low, high in (("name_bn", 2, 200), ("bank_account", 3, 80)))
    if (case.method.upper(), case.path) == ("POST", "/api/loans") and isinstance(body.get("borrower"), dict):
        return all(not isinstance(body["borrower"].get(name), str)
                   or 2 <= len(normalise_bn(body["borrower"][name])) <= 120 for name in ("name_bn", "guardian_name_bn"))
    return True


def saveable(text: str, kind: str) -> bool:
    try:
        checked_template(text, kind)
    except Invalid:
        return False
    return True


def brought_inside_prose_rules(case):
    """A positive case changed, within the schema, to meet the rules the document states in prose."""
    if not _positive(case):
        return case
    if case.query and "cursor" in case.query:
        # An opaque page link: only a next_cursor the API gave is valid (the parameter says so).
        del case.query["cursor"]
    if (case.method.upper(), case.path) == ("POST", "/api/societies") and isinstance(case.body, dict):
        registrable(case.body, dhaka_today())
    if (case.method.upper(), case.path) == ("POST", "/api/asrayon/projects") and isinstance(case.body, dict):
        case.body.pop("society_id", None)  # only a society of the project's upazila (the description says so)
        if isinstance(case.body.get("bkash_approved_on"), str):
            case.body["bkash_approved_on"] = min(case.body["bkash_approved_on"], dhaka_today().isoformat())
    if (case.method.upper(), case.path) == ("POST", "/api/loans") and isinstance(case.body, dict):
        lendable(case.body, dhaka_today())
    if case.query and case.query.get("from") and case.query.get("to") and case.query["from"] > case.query["to"]:
        case.query["from"], case.query["to"] = case.query["to"], case.query["from"]  # "from not after to"
    return case


def registrable(body: dict, today: date) -> None:
    """Dates not in the future and in order, each cooperative year followed by the next: see SocietyInput."""
    for name in NOT_IN_FUTURE:
        if isinstance(body.get(name), str) and date.fromisoformat(body[name]) > today:
            body[name] = today.isoformat()
    started, registered = body.get("committee_started_on"), body.get("registered_on")
    if body.get("committee_kind") == "new_registration" and started and registered and started < registered:
        body["committee_started_on"] = registered
    if isinstance(body.get("term_ends_on"), str) and body["term_ends_on"] <= body.get("committee_started_on", ""):
        body["term_ends_on"] = None  # then derived from the committee kind
    for name in ("last_audit_year", "last_accounts_year"):
        if isinstance(body.get(name), str):
            first = body[name][:4]
            body[name] = f"{first}-{int(ascii_digits(first)) + 1}"


def lendable(body: dict, today: date) -> None:
    """The loan date from 1900 and not in the future, the first due date after it and before 2200, the charge not
    above the loan: see LoanInput."""
    if isinstance(body.get("loan_date"), str):  # between 1900 and today
        body["loan_date"] = min(max(body["loan_date"], "1900-01-01"), today.isoformat())
    if isinstance(body.get("first_due_on"), str) and isinstance(body.get("loan_date"), str):  # after it, before 2200
        body["first_due_on"] = min(body["first_due_on"], "2199-12-31")
        if body["first_due_on"] <= body["loan_date"]:
            body["first_due_on"] = (date.fromisoformat(body["loan_date"]) + timedelta(days=1)).isoformat()
    principal, charge = body.get("principal_paisa"), body.get("service_charge_paisa")
    if isinstance(principal, int) and isinstance(charge, int) and charge > principal:
        body["service_charge_paisa"] = principal


def run(schema) -> tuple[Counter, list[str], list[str]]:
    """(requests per operation, failures, errors) of one engine run."""
    sent, failures, errors = Counter(), [], []
    for event in from_schema(schema).execute():
        if isinstance(event, events.ScenarioFinished):
            recorder = event.recorder
            sent[recorder.label] += len(recorder.interactions)
            for case_id, checks in recorder.checks.items():
                for check in checks:
                    if check.status == Status.FAILURE and check.failure_info is not None:
                        failure = check.failure_info.failure
                        failures.append(f"{recorder.label} [{check.name}] {failure.title}\n{failure.message}\n"
                                        f"{check.failure_info.code_sample}")
        elif isinstance(event, events.NonFatalError):
            errors.append(f"{event.label}: {event.info.format()}")  # e.g. a schema Schemathesis cannot use
        elif isinstance(event, events.FatalError):
            errors.append(f"fatal: {event.exception!r}")
    return sent, failures, errors


def group_of(path: str) -> str:
    return next(name for name, (pattern, _) in COVERAGE_GROUPS.items() if re.match(pattern, path))


def only_group(schema, group: str):
    """The schema's operations of one group. Not schema.include(): the configuration's per-operation entries are an
    include filter of their own, and an operation matching any include filter stays in."""
    return schema.exclude(lambda context: group_of(context.operation.path) != group)


RUNS = [pytest.param(officer, group, marks=pytest.mark.minutes(minutes), id=f"{officer}-{group}")
        for officer in OFFICERS if officer in WITH_COVERAGE for group, (_, minutes) in COVERAGE_GROUPS.items()] + [
        pytest.param(officer, None, marks=pytest.mark.minutes(FUZZING_MINUTES[officer]), id=officer)
        for officer in OFFICERS if officer not in WITH_COVERAGE]


@pytest.mark.parametrize(("officer", "group"), RUNS)
def test_every_operation_keeps_to_the_api_document(own_stack, tokens, officer, group):
    """`group`: only the operations of that group (COVERAGE_GROUPS), or None for every operation. The
    coverage phase is a run of its own, on the document with its area codes sampled (sampled_areas)."""
    office = next(office for username, _, office, _ in DEMO_USERS if username == officer)
    runs = [("examples", "fuzzing"), ("coverage",)] if officer in WITH_COVERAGE else [("examples", "fuzzing")]
    sent, failures, errors = Counter(), [], []
    for phases in runs:
        schema = load_schema(own_stack, tokens[officer], OFFICERS[officer], phases, office)
        phase_sent, phase_failures, phase_errors = run(only_group(schema, group) if group else schema)
        sent.update(phase_sent)
        failures += phase_failures
        errors += phase_errors
    documented = {f"{method.upper()} {path}" for path, ops in schema.raw_schema["paths"].items() for method in ops
                  if not group or group_of(path) == group}
    documented.discard("GET /api/openapi.json")  # Schemathesis leaves out the operation that served the schema
    assert documented, f"no operation is in the group {group}"
    assert not errors, "\n\n".join(errors)
    assert not failures, f"{len(failures)} failures:\n\n" + "\n\n".join(dict.fromkeys(failures))
    assert {label for label, count in sent.items() if count} == documented, sent


def test_the_coverage_groups_split_the_operations():
    """Each operation in exactly one group's run (the document built in process, with the runs' configuration)."""
    from app import app
    from chalicelib.handlers.document import document
    schema = schemathesis.openapi.from_dict(document(app), config=run_config("http://127.0.0.1:9", "token", 1))
    every = sorted(result.ok().label for result in schema.get_all_operations())
    grouped = sorted(result.ok().label for group in COVERAGE_GROUPS
                     for result in only_group(schema, group).get_all_operations())
    assert grouped == every
    assert all(any(True for _ in only_group(schema, group).get_all_operations()) for group in COVERAGE_GROUPS)


def test_the_coverage_phase_tries_area_codes_of_every_level_in_and_out_of_jurisdiction():
    """Each area-code enum of the document, sampled for the coverage phase, keeps at each level it had an
    area the officer's and one that is not (for an upazila officer: its own upazila, the district and division
    over it, and a neighbour at each level), and its values that are no code; no other enum changes."""
    from app import app
    from chalicelib.handlers.document import document
    office = next(office for username, _, office, _ in DEMO_USERS if username in WITH_COVERAGE)
    every, sampled = all_area_codes(), document(app)
    sample_area_codes(sampled, sampled_areas(office))
    before, after = enums(document(app)), enums(sampled)
    narrowed = [(old, new) for old, new in zip(before, after) if old != new]
    assert len(after) == len(before) and narrowed
    assert all(old == new for old, new in zip(before, after)
               if not any(isinstance(value, str) and value in every for value in old))
    for old, new in narrowed:
        assert [value for value in old if value not in every] == \
            [value for value in new if value not in every]
        for width in {len(value) for value in old if value in every}:
            ours, others = ({value for value in new if len(value) == width and value in every
                             and (value.startswith(office) or office.startswith(value)) == mine}
                            for mine in (True, False))
            assert ours and others, (width, new)
        assert len(new) < 40


def enums(node) -> list[list]:
    """Every enum in the document, in document order."""
    if isinstance(node, dict):
        return ([node["enum"]] if isinstance(node.get("enum"), list) else []) + \
            [enum for value in node.values() for enum in enums(value)]
    if isinstance(node, list):
        return [enum for value in node for enum in enums(value)]
    return []
