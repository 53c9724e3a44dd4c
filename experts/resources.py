"""The columns of the roster export (CSV and Excel) from the admin list."""

from import_export import fields, resources

from .models import Expert


class ExpertResource(resources.ModelResource):
    nationality = fields.Field(attribute="nationality__name", column_name="nationality")
    country_of_residence = fields.Field(
        attribute="country_of_residence__name", column_name="country_of_residence"
    )
    programmes = fields.Field(column_name="programmes")
    subjects = fields.Field(column_name="subjects")
    languages = fields.Field(column_name="languages")
    status = fields.Field(attribute="get_status_display", column_name="status")
    reviewed_by = fields.Field(attribute="reviewed_by__username", column_name="reviewed_by")

    class Meta:
        model = Expert
        fields = (
            "id",
            "title",
            "given_name",
            "family_name",
            "nationality",
            "country_of_residence",
            "email",
            "phone",
            "position",
            "organisation",
            "sector",
            "years_of_experience",
            "highest_degree",
            "programmes",
            "subjects",
            "languages",
            "summary",
            "status",
            "created_at",
            "confirmed_at",
            "reviewed_at",
            "reviewed_by",
            "consent_version",
        )
        export_order = fields

    def dehydrate_programmes(self, expert):
        return "; ".join(str(programme) for programme in expert.programmes.all())

    def dehydrate_subjects(self, expert):
        return "; ".join(subject.name for subject in expert.subjects.all())

    def dehydrate_languages(self, expert):
        return "; ".join(str(row) for row in expert.languages.all())
