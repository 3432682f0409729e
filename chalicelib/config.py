"""Every setting the app reads from its environment, in one place.

In AWS the values come from the CloudFormation template (infra/resources.json merges
them into every function); locally `local/stack.py` sets them for the moto stand-in.
"""
import os
from dataclasses import dataclass
from functools import lru_cache

from .domain.loans import ArrearsRules, parse_bucket_bounds
from .domain.outbox import STALE_CLAIM_SECONDS
from .domain.reminders import ReminderRules
from .domain.terms import TermRules


def _days(value: str) -> tuple[int, ...]:
    return tuple(sorted({int(v) for v in value.replace(" ", "").split(",") if v}, reverse=True))


@dataclass(frozen=True)
class Settings:
    region: str
    societies_table: str
    sms_table: str
    audit_table: str
    tasks_table: str
    offices_table: str
    logins_table: str
    payments_table: str
    site_bucket: str
    uploads_bucket: str  # private: files offices upload for the app to read (imports)
    market_table: str
    messages_table: str
    corrections_table: str
    content_table: str
    officers_table: str
    loans_table: str
    messages_queue_url: str
    messages_max_receives: int  # the queue's maxReceiveCount (infra: MessagesMaxReceives); 0: not known here
    send_window: tuple[str, str]  # bulk and free-text SMS go out only between these Dhaka times
    monthly_sms_cap_paisa: int  # an office's default monthly SMS spend cap (bulk sends stop there)
    public_api_url: str
    site_url: str
    order_hold_minutes: int
    orders_per_phone_hour: int  # orders one phone number may place in an hour (then 429 too_many_orders)
    sms_part_cost_paisa: int
    user_pool_id: str
    user_pool_client_id: str
    jwks_url: str
    jwt_issuer: str
    sms_sender_id: str
    elected_term_years: int
    interim_term_days: int
    term_reminder_days: tuple[int, ...]
    term_expiry_notice: bool
    agm_reminder_days: tuple[int, ...]
    audit_reminder_days: tuple[int, ...]
    rectification_reminder_days: tuple[int, ...]
    accounts_reminder_days: tuple[int, ...]
    page_size: int
    import_rows_per_second: int
    import_slice_seconds: int  # an import job's work per worker invocation, before it queues the rest
    sms_rate_per_second: float  # SNS publishes per second per bulk worker (two run at most)
    stale_claim_seconds: int  # a `sending` SMS claimed longer ago than this was left by a sender that died
    visit_sample_rate: int  # the visitor counter writes 1 in N page views, counted as N
    loan_bucket_bounds: tuple[int, ...]  # arrears buckets' upper bounds in days past due: 1-30, 31-60, 61-90, 90+
    loan_tolerance_paisa: int  # a loan's shortfall below this is not arrears
    loan_area_page_loans: int  # loans one request reads for an area's defaulter list (more: next_cursor)
    loan_reminder_days_before: int  # a borrower's "instalment due soon" SMS this many days before its due date
    loan_overdue_reminder_days: tuple[int, ...]  # an arrears SMS this many days after a due date, while unpaid
    loan_reminder_on_due_day: bool  # a borrower's "due today" SMS on the due date

    def term_rules(self) -> TermRules:
        return TermRules(self.elected_term_years, self.interim_term_days)

    def arrears_rules(self) -> ArrearsRules:
        return ArrearsRules(self.loan_bucket_bounds, self.loan_tolerance_paisa)

    def loan_reminder_rules(self):
        from .domain.loan_reminders import LoanReminderRules
        return LoanReminderRules(self.loan_reminder_days_before, self.loan_overdue_reminder_days,
                                 self.loan_reminder_on_due_day)

    def reminder_rules(self) -> ReminderRules:
        return ReminderRules(committee_term=self.term_reminder_days, agm=self.agm_reminder_days,
                             audit=self.audit_reminder_days, audit_rectification=self.rectification_reminder_days,
                             accounts_statement=self.accounts_reminder_days,
                             term_expiry_notice=self.term_expiry_notice)


@lru_cache(maxsize=1)
def settings() -> Settings:
    env = os.environ.get
    region = env("AWS_REGION") or env("AWS_DEFAULT_REGION") or "ap-southeast-1"
    pool = env("USER_POOL_ID", "")
    return Settings(
        region=region,
        societies_table=env("TABLE_SOCIETIES", "samabay-societies"),
        sms_table=env("TABLE_SMS", "samabay-sms"),
        audit_table=env("TABLE_AUDIT", "samabay-audit"),
        tasks_table=env("TABLE_TASKS", "samabay-tasks"),
        offices_table=env("TABLE_OFFICES", "samabay-offices"),
        logins_table=env("TABLE_LOGINS", "samabay-login-attempts"),
        payments_table=env("TABLE_PAYMENTS", "samabay-payments"),
        site_bucket=env("SITE_BUCKET", "samabay-site"),
        uploads_bucket=env("UPLOADS_BUCKET", "samabay-uploads"),
        market_table=env("TABLE_MARKET", "samabay-market"),
        messages_table=env("TABLE_MESSAGES", "samabay-messages"),
        corrections_table=env("TABLE_CORRECTIONS", "samabay-corrections"),
        content_table=env("TABLE_CONTENT", "samabay-content"),
        officers_table=env("TABLE_OFFICERS", "samabay-officers"),
        loans_table=env("TABLE_LOANS", "samabay-loans"),
        messages_queue_url=env("MESSAGES_QUEUE_URL", ""),
        messages_max_receives=int(env("MESSAGES_MAX_RECEIVES", "0")),
        send_window=(env("SMS_WINDOW_START", "09:00"), env("SMS_WINDOW_END", "20:00")),
        monthly_sms_cap_paisa=int(env("MONTHLY_SMS_CAP_PAISA", "500000")),
        public_api_url=env("PUBLIC_API_URL", "http://127.0.0.1:8000").rstrip("/"),
        site_url=env("SITE_URL", "http://127.0.0.1:5000/samabay-site").rstrip("/"),
        order_hold_minutes=int(env("ORDER_HOLD_MINUTES", "30")),
        orders_per_phone_hour=int(env("ORDERS_PER_PHONE_HOUR", "10")),
        # about what SNS charges per SMS part to Bangladesh (USD 0.0313 in 2026); for previews only
        sms_part_cost_paisa=int(env("SMS_PART_COST_PAISA", "380")),
        user_pool_id=pool,
        user_pool_client_id=env("USER_POOL_CLIENT_ID", ""),
        # Cognito's issuer always names the AWS host, even on moto, so the key URL is separate.
        jwks_url=env("JWKS_URL") or f"https://cognito-idp.{region}.amazonaws.com/{pool}/.well-known/jwks.json",
        jwt_issuer=env("JWT_ISSUER") or f"https://cognito-idp.{region}.amazonaws.com/{pool}",
        sms_sender_id=env("SMS_SENDER_ID", "SAMABAY"),
        elected_term_years=int(env("ELECTED_TERM_YEARS", "3")),
        interim_term_days=int(env("INTERIM_TERM_DAYS", "120")),
        term_reminder_days=_days(env("TERM_REMINDER_DAYS", "90")),
        term_expiry_notice=env("TERM_EXPIRY_NOTICE", "true").lower() in ("1", "true", "yes"),
        agm_reminder_days=_days(env("AGM_REMINDER_DAYS", "30")),
        audit_reminder_days=_days(env("AUDIT_REMINDER_DAYS", "30")),
        rectification_reminder_days=_days(env("RECTIFICATION_REMINDER_DAYS", "7")),
        accounts_reminder_days=_days(env("ACCOUNTS_REMINDER_DAYS", "30")),
        page_size=int(env("PAGE_SIZE", "50")),
        import_rows_per_second=int(env("IMPORT_ROWS_PER_SECOND", "400")),
        import_slice_seconds=int(env("IMPORT_SLICE_SECONDS", "25")),
        sms_rate_per_second=float(env("SMS_RATE_PER_SECOND", "10")),
        stale_claim_seconds=int(env("STALE_CLAIM_SECONDS", str(STALE_CLAIM_SECONDS))),
        visit_sample_rate=max(1, int(env("VISIT_SAMPLE_RATE", "1"))),
        loan_bucket_bounds=parse_bucket_bounds(env("LOAN_BUCKET_BOUNDS", "30,60,90")),
        loan_tolerance_paisa=int(env("LOAN_TOLERANCE_PAISA", "1000")),
        loan_area_page_loans=max(1, int(env("LOAN_AREA_PAGE_LOANS", "20000"))),
        loan_reminder_days_before=int(env("LOAN_REMINDER_DAYS_BEFORE", "3")),
        loan_overdue_reminder_days=tuple(sorted(_days(env("LOAN_OVERDUE_REMINDER_DAYS", "1,7,30")))),
        loan_reminder_on_due_day=env("LOAN_REMINDER_ON_DUE_DAY", "true").lower() in ("1", "true", "yes"),
    )


def budget_rules():
    """Budget files' routing rule and deadlines (domain/budget.py); the defaults are seed 003's."""
    from datetime import date

    from .domain.budget import Deadlines, RoutingRule
    env = os.environ.get
    rule = RoutingRule(threshold_paisa=int(env("BUDGET_JR_THRESHOLD_PAISA", "100000000")))
    holidays = frozenset(date.fromisoformat(d) for d in env("PUBLIC_HOLIDAYS", "").replace(" ", "").split(",") if d)
    return rule, Deadlines(recommend_days=int(env("BUDGET_RECOMMEND_DAYS", "2")),
                           decide_days=int(env("BUDGET_DECIDE_DAYS", "2")), holidays=holidays)


def budget_escalate_days() -> int:
    """Working days after a budget step's deadline before the office above and the division's JR are told."""
    return int(os.environ.get("BUDGET_ESCALATE_DAYS", "2"))


def ses_sender() -> str:
    """The verified SES identity notices' e-mails come from (a template parameter in AWS; moto's locally)."""
    return os.environ.get("SES_SENDER", "noreply@samabay.example.gov.bd")


def resolutions_bucket() -> str:
    """The private bucket of budget resolutions' scans (infra/ ResolutionsBucket)."""
    return os.environ.get("RESOLUTIONS_BUCKET", "samabay-resolutions")
