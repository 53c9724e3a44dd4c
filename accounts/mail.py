"""The password reset message, built by the worker when it sends (core.tasks): the task holds
the user's id and a language, never the address or the link."""

from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from core.links import absolute_url
from core.tasks import mail_builder


@mail_builder
def password_reset(user_id, language):
    user = get_user_model().objects.filter(pk=user_id, is_active=True, is_staff=True).first()
    if user is None or not user.has_usable_password() or not user.email:
        return []
    with translation.override(language):
        path = reverse(
            "accounts:password_reset_confirm",
            kwargs={
                "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                "token": default_token_generator.make_token(user),
            },
        )
        body = render_to_string(
            "accounts/email/password_reset.txt",
            {
                "user": user,
                "link": absolute_url(path),
                "login": absolute_url(reverse("admin:login")),
            },
        )
        return [
            EmailMessage(_("Set a new password for the site's admin"), body, None, [user.email])
        ]
