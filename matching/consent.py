"""The version of the naming notice (templates/matching/includes/naming_notice.html).

Change NAMING_CONSENT_VERSION whenever the notice's wording changes in any language: each
consent keeps the version that expert agreed to.
"""

NAMING_CONSENT_VERSION = "2026-12-01"
