from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "maillage.surveys"
    verbose_name = "Enquêtes de besoins"
