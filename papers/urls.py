from django.contrib.auth.decorators import login_required
from django.urls import include, path

from papers import account_views, bookmark_views, team_views, views
from papers.access import reading
from papers.following import feeds
from papers.following import views as following

app_name = "papers"

# Reading routes: papers.access.reading decides who may (account, or public reading).
# Routes that change data (bookmarks) check login themselves and accept POST only.
# Reading lists and the team page always need an account: the team is never public.
urlpatterns = [
    path("", reading(views.paper_list), name="list"),
    path("papers/<int:pk>/", reading(views.paper_detail), name="detail"),
    path("papers/<int:pk>/bookmark/", bookmark_views.save, name="bookmark"),
    path("papers/<int:pk>/bookmark/delete/", bookmark_views.delete, name="bookmark-delete"),
    path("reading-list/", login_required(views.reading_list), name="reading-list"),
    path("reading-list/export.<str:fmt>", login_required(views.export_reading_list), name="reading-list-export"),
    path("team/", login_required(team_views.team), name="team"),
    path("team/<str:username>/", login_required(views.member_list), name="member"),
    # Followed searches (their views check login and ownership) and the account page.
    path("following/", following.followed, name="following"),
    path("following/<int:pk>/", following.change, name="following-change"),
    path("following/<int:pk>/delete/", following.delete, name="following-delete"),
    path("following/unsubscribe/<str:token>/", following.unsubscribe, name="unsubscribe"),
    path("account/", account_views.account, name="account"),
    # The JSON API (Django REST framework): tokens or the session, its own permissions.
    path("", include("papers.api.urls")),
    # Feeds: feed readers cannot log in; the key in the address is the member's (404 otherwise).
    path("feeds/<str:token>/latest/", feeds.LatestFeed(), name="feed-latest"),
    path("feeds/<str:token>/team/", feeds.TeamFeed(), name="feed-team"),
    path("feeds/<str:token>/members/<str:username>/", feeds.ReadingListFeed(), name="feed-member"),
    path("feeds/<str:token>/searches/<int:pk>/", feeds.SearchFeed(), name="feed-search"),
]
