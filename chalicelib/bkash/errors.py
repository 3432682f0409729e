"""What can go wrong when talking to bKash, sorted by what the caller must do next.

* BkashRejected     bKash answered and said no (HTTP 200 with a statusCode other than "0000",
                    or an errorCode). Nothing moved, except for the duplicate-execute codes
                    (DUPLICATE_EXECUTE): the payment may be complete, so query it.
* BkashUnclear      the request may have been processed and we do not know the outcome
                    (read timeout, connection dropped after sending, HTTP 5xx, a body that is
                    not bKash JSON, a gateway `{"message": ...}`). Query before doing anything.
* BkashUnauthorized HTTP 401: the token was refused; bKash did not process the request.
* BkashThrottled    HTTP 429, or the token API is blocked (more than two grant/refresh calls
                    an hour blocks the merchant for an hour). Try again later.
* BkashUnavailable  nothing happened: the connection was refused or timed out before the
                    request was sent, or bKash is in maintenance (HTTP 503 / statusCode 503).

Messages never contain tokens, credentials or response bodies.
"""

# A second execute of a payment answers one of these even when the money moved (research §1.6).
DUPLICATE_EXECUTE = frozenset({"2062", "2117", "2056"})
MAINTENANCE = "503"


# Codes a buyer or borrower may see, in Bengali and English. Others fall back to GENERIC.
MESSAGES: dict[str, tuple[str, str]] = {
    "2002": ("পেমেন্ট আইডি সঠিক নয়।", "Invalid payment ID."),
    "2006": ("টাকার পরিমাণ সঠিক নয়।", "Invalid amount."),
    "2023": ("আপনার বিকাশ অ্যাকাউন্টে পর্যাপ্ত ব্যালেন্স নেই।", "Insufficient balance in your bKash account."),
    "2026": ("ফেরতের পরিমাণ মূল লেনদেনের চেয়ে বেশি হতে পারে না।",
             "The refund cannot be more than the original payment."),
    "2029": ("একই লেনদেন আগেই করা হয়েছে।", "This transaction was already made."),
    "2033": ("লেনদেনটি পাওয়া যায়নি।", "Transaction not found."),
    "2034": ("লেনদেনটি আগেই ফেরত দেওয়া হয়েছে।", "The transaction has already been refunded."),
    "2048": ("বিকাশ নম্বরটি সঠিক নয়।", "Invalid payer reference (bKash number)."),
    "2056": ("পেমেন্টটি এখন আর সম্পন্ন করা যাবে না (বাতিল, মেয়াদোত্তীর্ণ বা আগেই সম্পন্ন)।",
             "This payment can no longer be completed (cancelled, expired or already done)."),
    "2060": ("পেমেন্টটি অনুমোদিত হয়নি। আবার চেষ্টা করুন।", "The payment was not authorised. Please try again."),
    "2062": ("পেমেন্টটি আগেই সম্পন্ন হয়েছে।", "The payment has already been completed."),
    "2068": ("লেনদেনটি আগেই সম্পন্ন হয়েছে।", "The transaction has already been completed."),
    "2069": ("লেনদেনটি আগেই বাতিল হয়েছে।", "The transaction has already been cancelled."),
    "2071": ("ফেরতের সময়সীমা পার হয়ে গেছে।", "The refund period has passed."),
    "2117": ("পেমেন্টটি আগেই সম্পন্ন হয়েছে।", "The payment execution has already been completed."),
    MAINTENANCE: ("বিকাশে এখন রক্ষণাবেক্ষণের কাজ চলছে। কিছুক্ষণ পরে আবার চেষ্টা করুন।",
                  "bKash is undergoing maintenance. Please try again later."),
}
GENERIC = ("বিকাশ পেমেন্ট সম্পন্ন হয়নি। আবার চেষ্টা করুন।", "The bKash payment did not go through. Please try again.")
UNCLEAR = ("পেমেন্টের ফলাফল যাচাই করা হচ্ছে। কিছুক্ষণ পরে আবার দেখুন।",
           "We are checking the payment result. Please look again shortly.")
TRY_LATER = ("এখন বিকাশের সাথে যোগাযোগ করা যাচ্ছে না। কিছুক্ষণ পরে আবার চেষ্টা করুন।",
             "bKash cannot be reached just now. Please try again shortly.")


def buyer_message(code: str | None, fallback: tuple[str, str] = GENERIC) -> tuple[str, str]:
    """(Bengali, English) text for a bKash code, safe to show to a buyer."""
    return MESSAGES.get(str(code or ""), fallback)


class BkashError(Exception):
    fallback = GENERIC  # buyer text when the code has none of its own

    def __init__(self, code: str, message: str):
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message

    @property
    def message_bn(self) -> str:
        return buyer_message(self.code, self.fallback)[0]

    @property
    def message_en(self) -> str:
        return buyer_message(self.code, self.fallback)[1]


class BkashRejected(BkashError):
    """bKash answered with a business error code; see DUPLICATE_EXECUTE."""

    @property
    def duplicate_execute(self) -> bool:
        return self.code in DUPLICATE_EXECUTE


class BkashUnclear(BkashError):
    """The outcome is unknown: the caller must query (payment/status, refund status)."""
    fallback = UNCLEAR


class BkashUnauthorized(BkashError):
    """HTTP 401: the id_token was refused."""
    fallback = TRY_LATER


class BkashThrottled(BkashError):
    """Too many calls (HTTP 429) or the token API has blocked us for an hour."""
    fallback = TRY_LATER


class BkashUnavailable(BkashError):
    """Nothing reached bKash, or bKash is in maintenance: safe to try again later."""
    fallback = TRY_LATER
