"""The version of the naming notice (templates/matching/includes/naming_notice.html).

Change NAMING_CONSENT_VERSION whenever the notice's wording changes in any language: each
consent keeps the version that expert agreed to.
"""

NAMING_CONSENT_VERSION = "2026-11-30"  # the date the current wording was written

# When the wording changes, a consent given to an older version stays valid (as the roster's
# consent does): the expert keeps being named, and their record page says which version they
# agreed to and offers to agree to the current text (one click) or to withdraw.
