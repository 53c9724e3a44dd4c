"""The version of the privacy notice (templates/experts/includes/privacy_notice.html).

Change CONSENT_VERSION whenever the wording of the notice changes in any language: every expert
record keeps the version that person agreed to.
"""

CONSENT_VERSION = "2025-06-01"
