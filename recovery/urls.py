from django.urls import path

from recovery import views

urlpatterns = [
    path("", views.home, name="home"),
]
