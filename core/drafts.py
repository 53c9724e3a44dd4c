"""Staff preview pages that are not public yet ("drafts"): unpublished activities, inactive
programmes. A draft is never cached by anyone and never indexed."""

from django.utils.cache import add_never_cache_headers


def can_preview(request, model):
    """Whether this visitor may see the model's drafts: signed-in staff allowed to view it."""
    user = request.user
    opts = model._meta
    return (
        user.is_authenticated
        and user.is_staff
        and user.has_perm(f"{opts.app_label}.view_{opts.model_name}")
    )


def mark_draft(response):
    """Private, never stored (``Cache-Control: private, no-store``), not for search engines."""
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
