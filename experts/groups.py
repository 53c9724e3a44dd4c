"""The roster's own staff group: the name experts' mail and views look up.

Its permissions, and the site-wide "Content editors" group, are kept in step by
website.groups (staff groups span the content apps).
"""

ROSTER_MANAGERS = "Roster managers"
