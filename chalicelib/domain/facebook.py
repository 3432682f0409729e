"""Facebook pages of societies and offices (seed 002): which addresses we accept, and Messenger links."""
import re
from urllib.parse import quote, urlsplit

FACEBOOK_URL = re.compile(r"^https://(www\.|m\.|web\.)?(facebook\.com|fb\.com)/[^\s<>\"']+$")


def messenger_url(facebook_url: str | None) -> str | None:
    """https://facebook.com/jhenaidah.dairy -> https://m.me/jhenaidah.dairy (a page's Messenger link).

    Only for a page's plain address: a profile.php?id= or a /groups/ address has no m.me link.
    """
    if not facebook_url or not FACEBOOK_URL.match(facebook_url):
        return None
    path = [p for p in urlsplit(facebook_url).path.split("/") if p]
    if len(path) != 1 or path[0].endswith(".php") or path[0] in ("groups", "pages", "people", "sharer"):
        return None
    return f"https://m.me/{quote(path[0], safe='.-_')}"
