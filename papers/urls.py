from django.urls import path

from papers import api, bookmark_views, views
from papers.access import reading

app_name = "papers"

# Reading routes: papers.access.reading decides who may (account, or public reading).
# Routes that change data (bookmarks) check login themselves and accept POST only.
urlpatterns = [
    path("", reading(views.paper_list), name="list"),
    path("papers/<int:pk>/", reading(views.paper_detail), name="detail"),
    path("papers/<int:pk>/bookmark/", bookmark_views.save, name="bookmark"),
    path("papers/<int:pk>/bookmark/delete/", bookmark_views.delete, name="bookmark-delete"),
    path("api/papers/", reading(api.paper_list, api=True), name="api-list"),
    path("api/papers/<int:pk>/", reading(api.paper_detail, api=True), name="api-detail"),
]
