from django.apps import AppConfig


class PapersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "papers"

    def ready(self):
        from papers.api import schema  # noqa: F401 (registers the API's authentication with the schema)
