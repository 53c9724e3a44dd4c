from modeltranslation.translator import TranslationOptions, register

from .models import Institution, QuestionnaireQuestion


@register(Institution)
class InstitutionTranslationOptions(TranslationOptions):
    fields = ("name",)


@register(QuestionnaireQuestion)
class QuestionnaireQuestionTranslationOptions(TranslationOptions):
    fields = ("text",)
