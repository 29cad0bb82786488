from django.urls import path

from imports import views

urlpatterns = [
    path("", views.upload, name="import_upload"),
    path("confirm/", views.confirm, name="import_confirm"),
    path("run/", views.run_save, name="import_run"),
    path("heart-rate/", views.heart_rate, name="import_heart_rate"),
]
