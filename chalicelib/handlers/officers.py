"""Office administration: officers one level below, first-login password, own profile."""
from chalice import Blueprint

bp = Blueprint(__name__)
