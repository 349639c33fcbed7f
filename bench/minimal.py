"""The second yardstick: Django alone (no middleware, apps or database) answering the bare
view's path with its text, so a page is judged against the framework's own cost too. Settings,
URLconf and WSGI application at once, served by gunicorn with the site's configuration."""

import os

from django.core.wsgi import get_wsgi_application
from django.http import HttpResponse
from django.urls import path

BODY = "Hello, C40."  # the bare view's text, so both yardsticks send the same bytes

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or "bench-minimal-app-not-secret"
DEBUG = False
ALLOWED_HOSTS = ["*"]
INSTALLED_APPS = []
MIDDLEWARE = []
ROOT_URLCONF = __name__
USE_I18N = False
DATABASES = {}


def bare(request):
    return HttpResponse(BODY, content_type="text/plain")


urlpatterns = [path("bench/bare/", bare)]

# These settings, whatever the environment names (bench.settings, for the other runs).
os.environ["DJANGO_SETTINGS_MODULE"] = __name__
application = get_wsgi_application()
