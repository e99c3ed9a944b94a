from django.apps import AppConfig


class HistoryConfig(AppConfig):
    name = "maillage.history"
    verbose_name = "Historique des fiches"
