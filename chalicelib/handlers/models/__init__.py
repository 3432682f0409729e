"""The models each area's routes declare: requests (often the domain's own input models) and answers.

One module per area, named in `Routes(bp, models="<area>")`; they load on first use, never at a cold start.
"""
