"""The officer's home at a glance: societies by colour per area below, deposits and SMS spend per month."""
from chalice import Blueprint

from .api import Routes
from .auth import jwt_auth
from .common import OnFirstUse, csv_file, current_caller, dhaka_today
from .stores import Payments, Societies, Spend

dashboard = OnFirstUse("chalicelib.services.dashboard")
bp = Blueprint(__name__)
routes = Routes(bp, models="dashboard", authorizer=jwt_auth)


@routes.get("/dashboard", query="DashboardQuery", answers={200: {"application/json": "Dashboard", "text/csv": None}},
            errors=(400,))
def office_dashboard(query):
    """The figures of the officer's home charts: societies by colour for each area one level down, money
    deposited per month and SMS spend against the cap per month (the last six months)

    JSON, or with format=csv the same figures as a CSV file. 400 unknown_area, invalid_format. 403
    outside_jurisdiction.
    """
    board = dashboard.office_dashboard(Societies(), Payments(), Spend(), current_caller(bp.current_request),
                                       query.area, dhaka_today())
    if query.format == "csv":
        return csv_file(dashboard.dashboard_csv(board), f'dashboard-{board["area"]["code"] or "BD"}.csv',
                        {"Cache-Control": "no-store"})
    return board
