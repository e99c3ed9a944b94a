from django.apps import AppConfig


class MembershipsConfig(AppConfig):
    name = "maillage.memberships"
    verbose_name = "Rôles et périmètres"
