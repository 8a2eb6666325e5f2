from django.urls import path

from families import views

urlpatterns = [
    path("", views.child_list, name="child-list"),
    path("new/", views.child_create, name="child-create"),
    path("rooms/", views.rooms, name="child-rooms"),
    path("changes/", views.changes_to_check, name="child-changes"),
    path("changes/<str:change_uuid>/seen/", views.change_seen, name="child-change-seen"),
    path("<str:child_uuid>/", views.child_detail, name="child-detail"),
    path("<str:child_uuid>/edit/<slug:section>/", views.child_edit, name="child-edit"),
    path("<str:child_uuid>/allergies/new/", views.allergy_add, name="child-allergy-add"),
    path("<str:child_uuid>/allergies/<str:allergy_uuid>/end/", views.allergy_end,
         name="child-allergy-end"),
    path("<str:child_uuid>/adults/new/", views.adult_add, name="child-adult-add"),
    path("<str:child_uuid>/adults/<str:adult_uuid>/", views.adult_edit, name="child-adult-edit"),
    path("<str:child_uuid>/registration/", views.registration, name="child-registration"),
    path("<str:child_uuid>/history/", views.child_history, name="child-history"),
    path("<str:child_uuid>/leave/", views.child_leave, name="child-leave"),
]
