"""The one place that builds the stores a use case needs, for routes, queues and schedules alike."""


def job_stores():
    """What a bulk SMS job needs: its records, the SMS log, the spend, the queue and the publisher."""
    from .services.message_jobs import JobStores
    from .store.message_jobs import JobQueue, Jobs, Spend
    from .store.sms import SmsLog, publish_sms
    return JobStores(jobs=Jobs(), sms_log=SmsLog(), spend=Spend(), queue=JobQueue(), publish=publish_sms)


def sms_notices(caller, kind, recipients, now, description=""):
    """Notices to people go through the SMS pipeline's jobs (send window, suppression list, monthly cap)."""
    from .services.message_jobs import start_job
    return start_job(job_stores(), caller, kind, recipients, now, description=description)


def content_and_pages():
    """The site's content (notices, photos, visits) and its static pages, which list the content's notices."""
    from .store.content import Content
    from .store.site import SiteFiles
    content = Content()
    return content, SiteFiles(content)


def payment_parts():
    """The payment core: its store, the bKash client, and what a payment can pay for (domain/payments.PURPOSES)."""
    from .bkash import bkash_client
    from .services.market import OrderPurpose
    from .services.payments import PaymentParts
    from .store.market import Market
    from .store.payments import Payments
    from .store.sms import SmsLog, publish_sms
    from .store.societies import Societies
    payments = Payments()
    return PaymentParts(payments=payments, bkash=bkash_client(payments.table), purposes={
        "order": OrderPurpose(Market(), Societies(), SmsLog(), publish_sms)})
