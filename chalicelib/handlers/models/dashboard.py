"""The officer's home at a glance (GET /api/dashboard)."""
from .common import Area, AreaQuery, FormatQuery, Out
from .societies import ByStatus


class DashboardQuery(AreaQuery, FormatQuery):
    pass


class AreaColours(Out):
    code: str
    name_bn: str
    name_en: str
    total: int
    by_status: ByStatus


class MonthDeposits(Out):
    month: str
    count: int
    total_paisa: int


class MonthSms(Out):
    month: str
    sms: int
    parts: int
    spent_paisa: int
    cap_paisa: int


class Dashboard(Out):
    area: Area
    by_area: list[AreaColours]
    deposits_by_month: list[MonthDeposits]
    sms_by_month: list[MonthSms]
