from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "maillage.imports"
    verbose_name = "Imports de données"
