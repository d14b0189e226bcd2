from django.urls import path

from papers import api, views
from papers.access import reading

app_name = "papers"

# Every route here reads; papers.access.reading decides who may (account, or public reading).
urlpatterns = [
    path("", reading(views.paper_list), name="list"),
    path("papers/<int:pk>/", reading(views.paper_detail), name="detail"),
    path("api/papers/", reading(api.paper_list, api=True), name="api-list"),
    path("api/papers/<int:pk>/", reading(api.paper_detail, api=True), name="api-detail"),
]
