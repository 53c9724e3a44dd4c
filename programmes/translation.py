from modeltranslation.translator import TranslationOptions, register

from .models import DocumentKind, MainSubject, Organisation, Programme, Sector


@register(Sector)
class SectorTranslationOptions(TranslationOptions):
    fields = ("name",)


@register(Organisation)
class OrganisationTranslationOptions(TranslationOptions):
    fields = ("name",)


@register(Programme)
class ProgrammeTranslationOptions(TranslationOptions):
    fields = ("name", "summary", "description", "questionnaire_audience", "contact_name")


@register(MainSubject)
class MainSubjectTranslationOptions(TranslationOptions):
    fields = ("name",)


@register(DocumentKind)
class DocumentKindTranslationOptions(TranslationOptions):
    fields = ("name",)
