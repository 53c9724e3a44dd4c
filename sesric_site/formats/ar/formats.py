from django.utils.translation import gettext_noop

# Day, full month name, year - as SESRIC writes dates in all three languages ("24 October 2022").
DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "d/m/Y"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
# With Western digits, the decimal point (Django's Arabic formats take the comma, which read
# "1,6 ك.ب" for a file size): "1.6 ك.ب".
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","

# Django's Arabic catalogue writes April "إبريل"; SESRIC and most Arabic style guides write
# "أبريل". The project's catalogue (locale/, which takes precedence) spells it so; this marks the
# message for makemessages.
_APRIL = gettext_noop("April")
