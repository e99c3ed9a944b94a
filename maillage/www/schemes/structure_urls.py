"""The schemes a structure may use, explained: /structures/<slug>/dispositifs/."""

from django.urls import path

from maillage.www.schemes import matching

app_name = "structure_schemes"
urlpatterns = [path("", matching.structure_schemes, name="list")]
