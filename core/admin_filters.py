"""List filters shown as one drop-down each: a filter of 250 countries as links made the
experts list 12,500 px tall. Choosing an option opens the filtered list
(core/static/core/admin-filters.js, no inline script)."""

from django.contrib import admin

DROPDOWN_FILTER_JS = "core/admin-filters.js"


class DropdownFilterMixin:
    template = "admin/dropdown_filter.html"


class ChoicesDropdownFilter(DropdownFilterMixin, admin.ChoicesFieldListFilter):
    pass


class RelatedOnlyDropdownFilter(DropdownFilterMixin, admin.RelatedOnlyFieldListFilter):
    pass
