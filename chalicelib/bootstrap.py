"""The one place that builds the stores a use case needs, for routes, queues and schedules alike."""


def job_stores():
    """What a bulk SMS job needs: its records, the SMS log, the spend, the queue and the publisher."""
    from .services.message_jobs import JobStores
    from .store.message_jobs import JobQueue, Jobs, Spend
    from .store.sms import SmsLog, publish_sms
    return JobStores(jobs=Jobs(), sms_log=SmsLog(), spend=Spend(), queue=JobQueue(), publish=publish_sms)


def composer():
    """(caller, send request, today) -> the recipients, as POST /api/messages/send composes them."""
    from .services.messaging import ComposeStores, compose
    from .store.societies import Societies
    from .store.templates import Templates
    stores = ComposeStores(societies=Societies(), templates=Templates())
    return lambda caller, body, today: compose(stores, caller, body, today).recipients


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


def payment_parts(answer_in_time: bool = False):
    """What the payment core needs: the payments, the bKash client and the purposes a payment can
    have, each with its stores. `answer_in_time`: every bKash call of this request fits in API
    Gateway's time together (what does not is left to the reconciler)."""
    from .bkash import bkash_client
    from .bkash.config import bkash_config
    from .config import settings
    from .services.loan_collections import CollectionPurpose
    from .services.loan_purpose import LoanPurpose
    from .services.order_purpose import OrderPurpose
    from .services.payments import PaymentParts
    from .store.loans import Loans
    from .store.market import Market
    from .store.payments import Payments
    from .store.sms import SmsLog, publish_sms
    from .store.societies import Societies
    from .store.tasks import Tasks
    payments = Payments()
    client = bkash_client(payments.table)
    if answer_in_time:
        client = client.within(bkash_config().answer_within)
    return PaymentParts(payments=payments, bkash=client, purposes={
        "order": OrderPurpose(Market(), Societies(), SmsLog(), publish_sms),
        "loan_instalment": LoanPurpose(Loans(), SmsLog(), publish_sms, settings().arrears_rules(), Tasks()),
        "loan_collection": CollectionPurpose(Loans(), SmsLog(), publish_sms, settings().arrears_rules(), Tasks())})


def import_stores():
    """What a society import job needs: its records, the uploaded file, the registry, the queue and the pages."""
    from .services.import_jobs import ImportStores
    from .store.import_jobs import ImportJobs
    from .store.message_jobs import JobQueue
    from .store.site import SiteFiles
    from .store.societies import Societies, new_id
    from .store.uploads import Uploads
    return ImportStores(jobs=ImportJobs(), uploads=Uploads(), societies=Societies(), queue=JobQueue(),
                        pages=SiteFiles(), new_id=new_id)
