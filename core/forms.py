"""Form fields shared by the apps."""

from django import forms
from django.core.exceptions import ValidationError

# The widest integer key any of our databases stores (SQLite's and PostgreSQL's bigint).
LARGEST_KEY = 2**63 - 1


class KeysModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """ModelMultipleChoiceField refusing keys no database can hold as an invalid choice.

    Django looks the posted keys up in one `IN (...)` query; on SQLite (`make run`) a key of
    twenty digits makes the database driver raise OverflowError, a 500, where PostgreSQL finds
    no row.
    """

    def _check_values(self, value):
        for key in value:
            text = str(key).strip()
            if text.lstrip("-").isdigit() and abs(int(text)) > LARGEST_KEY:
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": text},
                )
        return super()._check_values(value)
