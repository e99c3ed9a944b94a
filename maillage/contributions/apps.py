from django.apps import AppConfig


class ContributionsConfig(AppConfig):
    name = "maillage.contributions"
    verbose_name = "Contributions et modération"
