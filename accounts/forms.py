from django import forms
from django.contrib.auth.forms import PasswordResetForm
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.tasks import queue_mail


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=16,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "autofocus": True,
                "dir": "ltr",
                "spellcheck": "false",
                "autocapitalize": "off",
            }
        ),
    )

    def clean_code(self):
        # People type codes with spaces ("123 456") or copy them with a dash.
        return "".join(ch for ch in self.cleaned_data["code"] if ch.isalnum()).lower()


class StaffPasswordResetForm(PasswordResetForm):
    """Django's form, but the message is queued (core.tasks) rather than sent in the request,
    in the language of the page where it was asked, and only to active staff."""

    def get_users(self, email):
        return (user for user in super().get_users(email) if user.is_staff)

    def save(self, *args, **kwargs):
        for user in self.get_users(self.cleaned_data["email"]):
            queue_mail("accounts.mail.password_reset", user_id=user.pk, language=get_language())
