"""What `make cost` assumes: every number that is not measured, in one place, each with its reason.

The measured figures (DynamoDB units, Lambda ms, bytes, SNS/SQS calls per request and per due
society) come from bench.cost_measure; the prices from bench/prices-<region>.json; SMS parts from
the domain (bench.sms_year). Change a number here and `make cost` prints the month it gives.
"""
SOCIETIES = 200_000  # the country's registered cooperative societies (issue 18)
UPAZILAS = 556  # upazilas and metropolitan thanas in domain/data (each has an office)
SOCIETIES_PER_UPAZILA = round(SOCIETIES / UPAZILAS)
DAYS_PER_MONTH = 30.4
WORKING_DAYS_PER_MONTH = 22  # officers use the app on working days

# --- officers --------------------------------------------------------------------------------------
OFFICERS = 5_000  # ~556 upazila offices x ~6 staff, 64 districts, 8 divisions and HQ (the brief's ~5,000)
OFFICERS_ACTIVE_SHARE = 0.6  # on a working day three in five open the app (field staff are out on visits)
OFFICER_REQUESTS_PER_DAY = 40  # API calls per active officer and day: ~12 screens, each 1-4 calls
# share of an officer's calls per kind: the home screen asks for the list, the counts and the tasks
# (web/js/societies.js), then a society's page, the dashboard
OFFICER_MIX = {"officer_list": 0.30, "officer_summary": 0.15, "officer_tasks": 0.15, "officer_detail": 0.30,
               "officer_dashboard": 0.10}
OFFICER_WRITES_PER_DAY = 2  # society edits, corrections, notices: a small share, priced as a society update

# --- the public --------------------------------------------------------------------------------------
PUBLIC_VIEWS_PER_DAY = 60_000  # page views of the public site and market a day (members checking status)
ACTIVE_HOURS_PER_DAY = 14  # the public's requests fall in 07:00-21:00 Dhaka
# share of views per page, and the API GETs each makes (web/js/site.js, public.js, market.js); the
# area chooser's lists and the rules are fetched once a page load
PUBLIC_PAGES = {
    "upazila": {"share": 0.35, "calls": {"public_areas": 1, "public_rules": 1, "public_stats": 1, "public_list": 1,
                                         "public_notices": 1, "public_photos": 1, "public_visits": 1}},
    # district, division and country pages add a table: the stats of each area one level down (~8)
    "district_or_above": {"share": 0.10, "calls": {"public_areas": 1, "public_rules": 1, "public_stats": 9,
                                                   "public_list": 1, "public_notices": 1, "public_photos": 1,
                                                   "public_visits": 1}},
    "society": {"share": 0.35, "calls": {"public_society": 1, "public_rules": 1}},
    "market": {"share": 0.15, "calls": {"public_products": 2}},
    "notice": {"share": 0.05, "calls": {"public_notices": 1}},
}
# each view of an area page counts a visit: the page sends the counter's beacon (a POST, not cacheable:
# straight to API Gateway) for 1 view in VisitSampleRate, the template's default (bench.cost reads it)
AREA_PAGES = ("upazila", "district_or_above")
# distinct cache keys behind each kind of public GET (the edge cache is keyed by path + query)
AREAS = UPAZILAS + 64 + 8 + 1  # every area page's key: upazilas, districts, divisions, the country
PUBLIC_KEYS = {"public_areas": 73, "public_rules": 1, "public_stats": AREAS, "public_list": AREAS,
               "public_notices": AREAS, "public_photos": AREAS, "public_visits": AREAS, "public_society": SOCIETIES,
               "public_products": 2_000}
# how long the edge keeps an answer: the API's Cache-Control s-maxage (handlers.common.PUBLIC_CACHE)
DEFAULT_TTL_SECONDS = 3600
PUBLIC_TTL_SECONDS = {"public_notices": 60}  # a scheduled notice appears within a minute (PUBLIC_SHORT)

SITE_BYTES_PER_VIEW = 30_000  # static files per view from CloudFront, gzipped (first views ~45 KB, repeats less)
SITE_REQUESTS_PER_VIEW = 3  # page, config.js, the page's own data; versioned assets mostly in the phone's cache
SITE_ORIGIN_SHARE = 0.02  # static requests that reach S3 (files are versioned and cached for a year)

# --- the scan and SMS ------------------------------------------------------------------------------
# Lambda ms: moto's in-process answers are replaced by an AWS round trip from Lambda in the region
AWS_CALL_MS = {"dynamodb": 8, "sns": 30, "sqs": 15, "s3": 30, "other": 30}
SITE_URL = "https://d1a2b3c4d5e6f7.cloudfront.net"  # the length of a CloudFront domain: the digest's link
# the reminder SMS (bench.sms_year) and the digests; officers' bulk sends are shown with their cost
# before sending and capped monthly: not counted here

# --- fixed monthly quantities --------------------------------------------------------------------------
ALARMS = 10  # infra/resources.json (checked by the cost test against the template)
DASHBOARDS = 1
SECRETS = 1  # the bKash merchant secret
SECRET_CALLS_PER_MONTH = 10_000  # read once per cold start of the payment functions
RECONCILER_RUNS_PER_MONTH = 12 * 24 * 31  # every 5 minutes
RELEASE_RUNS_PER_MONTH = 4 * 24 * 31  # release_message_jobs, every 15 minutes
SCAN_RUNS_PER_MONTH = 31
SQS_POLLER_REQUESTS_PER_MONTH = 5 * 3 * 60 * 24 * 31  # Lambda's 5 pollers long-poll (20 s) the queue all month
LOG_BYTES_PER_INVOCATION = 450  # Lambda's START/END/REPORT lines
API_ACCESS_LOG_BYTES = 260  # one access-log line per API Gateway request (infra: AccessLogSetting)
LOG_RETENTION_MONTHS = 1  # log groups keep 30 days (infra): stored bytes ~ one month's
# custom metrics are billed by the hour they are written: the fixed ones (scan, SMS, payments, API
# totals) and Api4xx/Api5xx per route only in hours that route answered an error
FIXED_METRIC_HOURS_PER_MONTH = 31 * (
    4 * 24  # PaymentsCompleted/Flagged/Pending/PendingOver30Min: the reconciler, every 5 minutes
    + 2 * 1  # ScanSucceeded, ScanDue: the scheduled scan, once a day
    + 4 * 2  # ScanSent/Uncertain/Errors/Parts: the workers' batches, ~2 hours a day
    + 2 * 11  # SmsParts, SmsTaka: sends in the 09:00-20:00 window
    + 14 + 2)  # Api4xx in the active hours, Api5xx rarely (the API's totals)
ROUTE_ERROR_HOURS_PER_MONTH = 30 * 8 * 31  # ~30 routes answering a 4xx in ~8 hours of a day
XRAY_SAMPLED_PER_SECOND = 1  # X-Ray's default rule (the scan, the workers): the first each second, then 5 %
XRAY_SAMPLED_SHARE = 0.05
DATA_GB = 1.5  # all tables at 200,000 societies: ~2 KB a society with its counters, SMS log, audit trail
SITE_BUCKET_GB = 3  # static pages of every society, notice and product, photos, kept versions
STATIC_PAGE_WRITES_PER_MONTH = 60_000  # society and notice pages rewritten when they change
DYNAMODB_SIZE_NOTE = "read units from the answered items' sizes (a projection makes it a lower bound)"

# The demo's seven society names (27-41 letters, the common "<place or trade> ... সমবায় সমিতি লিঃ")
SOCIETY_NAMES = (
    "আদর্শ কৃষক সমবায় সমিতি লিঃ", "ঝিনাইদহ দুগ্ধ উৎপাদনকারী সমবায় সমিতি লিঃ", "নবগঙ্গা মৎস্যজীবী সমবায় সমিতি লিঃ",
    "পল্লী উন্নয়ন মহিলা সমবায় সমিতি লিঃ", "শহীদ স্মৃতি বহুমুখী সমবায় সমিতি লিঃ", "কালীগঞ্জ তাঁতি সমবায় সমিতি লিঃ",
    "কালীগঞ্জ আশ্রয়ণ সমবায় সমিতি লিঃ",
)
