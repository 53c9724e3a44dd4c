"""The admin index opens on what is missing across the content apps (website.dashboard)."""

from django.contrib import admin

admin.site.index_template = "admin/site_index.html"
