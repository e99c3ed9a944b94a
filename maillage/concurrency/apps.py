from django.apps import AppConfig


class ConcurrencyConfig(AppConfig):
    name = "maillage.concurrency"
    verbose_name = "Accès concurrents"
