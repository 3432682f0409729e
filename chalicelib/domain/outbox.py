"""What every send is made of: one rendered SMS to one number, counted for one office."""
from dataclasses import dataclass


@dataclass(frozen=True)
class Recipient:
    phone: str            # +8801XXXXXXXXX
    text: str             # the SMS this number gets, already rendered
    office_code: str      # the office whose delivery log and monthly spend this SMS counts in
    society_id: str = ""  # "" for a message to officers
    role: str = ""        # president | secretary | officer | office | officer_user
