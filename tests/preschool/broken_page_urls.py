"""The portal's URLs and a page that raises, for tests of what a server error reports."""

from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt


@csrf_exempt
def broken(request):
    raise RuntimeError("the database fell over")


urlpatterns = [path("broken/", broken, name="test-broken"), path("", include("preschool.urls"))]
