from django.urls import path

from directions import views

app_name = "directions"
urlpatterns = [
    path("tasks/<int:pk>/", views.task_directions, name="task"),
    path("tasks/<int:pk>/give/", views.task_direction_give, name="give"),
]
