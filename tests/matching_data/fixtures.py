"""Fixtures of the matching tests, made available to every module by tests/conftest.py."""

import pytest
from django.utils import translation

from .factories import make_programme_with_subjects


@pytest.fixture
def in_english():
    """Addresses reversed and pages read in English, whatever an earlier test left active
    (a module asks for it with `pytestmark = pytest.mark.usefixtures("in_english")`)."""
    with translation.override("en"):
        yield


@pytest.fixture
def matching_programme(db):
    """A programme with three subjects, in order: Mediation, Protocol, Negotiation."""
    with translation.override("en"):
        return make_programme_with_subjects()
