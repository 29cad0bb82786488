from django.urls import path

from recovery import views

urlpatterns = [
    path("", views.home, name="home"),
    path("workouts/", views.workout_list, name="workout_list"),
    path("workouts/new/", views.workout_create, name="workout_create"),
    path("workouts/preview/", views.workout_preview, name="workout_preview"),
    path("workouts/<int:pk>/", views.workout_detail, name="workout_detail"),
    path("workouts/<int:pk>/edit/", views.workout_edit, name="workout_edit"),
    path("workouts/<int:pk>/delete/", views.workout_delete, name="workout_delete"),
    path("checkins/", views.checkin_list, name="checkin_list"),
    path("checkins/new/", views.checkin_create, name="checkin_create"),
    path("checkins/preview/", views.checkin_preview, name="checkin_preview"),
    path("checkins/<int:pk>/edit/", views.checkin_edit, name="checkin_edit"),
    path("checkins/<int:pk>/delete/", views.checkin_delete, name="checkin_delete"),
    path("runs/", views.run_list, name="run_list"),
    path("runs/new/", views.run_create, name="run_create"),
    path("runs/<int:pk>/edit/", views.run_edit, name="run_edit"),
    path("runs/<int:pk>/delete/", views.run_delete, name="run_delete"),
]
