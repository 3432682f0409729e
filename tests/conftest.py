"""Every suite: an answer carrying a field its declared model leaves out is refused, not silently trimmed."""
import os

os.environ["SAMABAY_STRICT_RESPONSES"] = "1"
