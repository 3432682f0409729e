"""Samabay: the Department of Cooperatives' digital office. Wiring only; no logic here."""
from chalice import Chalice, CORSConfig

from chalicelib.domain.spreadsheet import XLSX_TYPE
from chalicelib.handlers import (auth, corrections, dashboard, document, jobs, loans, market, message_jobs, messaging,
                                 officers, offices, payments, public, registry, site_content)
from chalicelib.handlers import loan_lists, loan_payments, loan_standing, loan_changes
from chalicelib.handlers import loan_broadcast, loan_collections, loan_recovery, loan_refunds
from chalicelib.handlers import budget, budget_reports
from chalicelib.handlers.common import OnFirstUse

# Chalice's own log lines go through the app's JSON logger (chalicelib/observability.py), not a plain handler.
app = Chalice(app_name="samabay", configure_logs=False)
# Every function, whatever its trigger: log keys, correlation id, API 4xx/5xx by route, metrics flushed once.
app.register_middleware(OnFirstUse("chalicelib.observability", "observed"), "all")
app.api.binary_types.append(XLSX_TYPE)  # imports arrive as raw spreadsheet bytes
app.api.cors = CORSConfig(allow_origin="*", max_age=600, expose_headers=["Content-Disposition", "X-Next-Cursor"])

app.register_blueprint(auth.bp, url_prefix="/api")
app.register_blueprint(registry.bp, url_prefix="/api")
app.register_blueprint(offices.bp, url_prefix="/api")
app.register_blueprint(public.bp, url_prefix="/api")
app.register_blueprint(market.bp, url_prefix="/api")
app.register_blueprint(payments.bp, url_prefix="/api")
app.register_blueprint(loan_payments.bp, url_prefix="/api")
app.register_blueprint(messaging.bp, url_prefix="/api")
app.register_blueprint(message_jobs.bp, url_prefix="/api")
app.register_blueprint(officers.bp, url_prefix="/api")
app.register_blueprint(corrections.bp, url_prefix="/api")
app.register_blueprint(site_content.bp, url_prefix="/api")
app.register_blueprint(document.bp, url_prefix="/api")
app.register_blueprint(dashboard.bp, url_prefix="/api")
app.register_blueprint(loans.bp, url_prefix="/api")
app.register_blueprint(loan_lists.bp, url_prefix="/api")
app.register_blueprint(loan_standing.bp, url_prefix="/api")
app.register_blueprint(loan_changes.bp, url_prefix="/api")
app.register_blueprint(loan_collections.bp, url_prefix="/api")
app.register_blueprint(loan_recovery.bp, url_prefix="/api")
app.register_blueprint(loan_refunds.bp, url_prefix="/api")
app.register_blueprint(loan_broadcast.bp, url_prefix="/api")
app.register_blueprint(budget.bp, url_prefix="/api")
app.register_blueprint(budget_reports.bp, url_prefix="/api")
app.register_blueprint(jobs.bp)
