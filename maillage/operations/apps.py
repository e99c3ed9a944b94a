from django.apps import AppConfig


class OperationsConfig(AppConfig):
    name = "maillage.operations"
    verbose_name = "Exploitation"
