from modeltranslation.translator import TranslationOptions, register

from .models import Activity, Photo


@register(Activity)
class ActivityTranslationOptions(TranslationOptions):
    fields = ("title", "theme", "host_office", "city", "summary", "body")


@register(Photo)
class PhotoTranslationOptions(TranslationOptions):
    fields = ("alt_text", "caption")
    required_languages = {"en": ("alt_text",)}
