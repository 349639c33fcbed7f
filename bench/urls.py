from django.http import HttpResponse
from django.urls import path

from c40site.urls import urlpatterns as site_urlpatterns


def bare(request):
    """The cheapest Django response: what the framework can do on this machine."""
    return HttpResponse("Hello, C40.", content_type="text/plain")


urlpatterns = [path("bench/bare/", bare), *site_urlpatterns]
