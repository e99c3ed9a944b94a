"""Pages of accompaniment: the workspace, cases, their steps and shares, the figures and the reports."""

from django.urls import path

from maillage.www.accompaniment import attachments, bodies, figures, views, workspace

app_name = "accompaniment"
urlpatterns = [
    path("", workspace.workspace, name="workspace"),
    path("points-de-suivi.ics", workspace.calendar, name="calendar"),
    path("ouvrir/<int:body_pk>/", workspace.case_new, name="open"),
    path("structures/<int:body_pk>/points-de-suivi/", bodies.checkpoint_months, name="body_checkpoints"),
    path("accord/<slug:slug>/", workspace.consent, name="consent"),
    path("chiffres/", figures.figures_page, name="figures"),
    path("chiffres.csv", figures.figures_csv, name="figures_csv"),
    path("rapport/<int:body_pk>/<int:year>/", figures.report, name="report"),
    path("rapport/<int:body_pk>/<int:year>.pdf", figures.report_pdf, name="report_pdf"),
    path("dossiers/<int:pk>/", views.case_detail, name="case"),
    path("dossiers/<int:pk>/partager/", views.share_create, name="share"),
    path("partages/<int:pk>/revoquer/", views.share_end, name="share_revoke"),
    path("points-de-suivi/<int:pk>/", views.checkpoint_step, name="checkpoint"),
    path("actions/<int:pk>/", views.action_detail, name="action"),
    path("dossiers/<int:pk>/pieces/", attachments.attachment_upload, name="attachment_upload"),
    path("pieces/<int:pk>/", attachments.attachment_download, name="attachment"),
    path("pieces/<int:pk>/retirer/", attachments.attachment_remove, name="attachment_withdraw"),
    path("dossiers/<int:pk>/<slug:step>/", views.case_step, name="step"),
]
