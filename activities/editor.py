"""The rich-text editor of activity articles (django-prose-editor, served from its package).

It offers only what ``activities.sanitise`` keeps, so what an editor sees is what is published.
"""

from django_prose_editor.widgets import AdminProseEditorWidget

ARTICLE_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Heading": {"levels": [2, 3, 4]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "HardBreak": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto"]},
    "History": True,
}


def article_widget(attrs=None):
    return AdminProseEditorWidget(
        attrs=attrs, config={"extensions": ARTICLE_EXTENSIONS}, preset="configurable"
    )
