"""The staff group that sees focal points' personal data (granted by website.groups)."""

COOPERATION_MANAGERS = "Cooperation managers"
