from django.urls import path

from papers import api, views

app_name = "papers"

urlpatterns = [
    path("", views.paper_list, name="list"),
    path("papers/<int:pk>/", views.paper_detail, name="detail"),
    path("api/papers/", api.paper_list, name="api-list"),
    path("api/papers/<int:pk>/", api.paper_detail, name="api-detail"),
]
