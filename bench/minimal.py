"""The second yardstick of the benchmark: Django itself, with nothing of the project.

The bare view (bench/urls.py) runs through all of the site's middleware, so "1.00 × bare"
means "as cheap as our middleware". This module is at once the settings, the URLconf and the
WSGI application of a minimal Django app (no middleware, no installed apps, no database)
answering the same path with the same text, so a page can also be judged against what the
framework alone costs on this machine: `gunicorn --config c40site/gunicorn_conf.py
bench.minimal` (same workers as the site; the settings the config reads are simply unused).
"""

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
    """The same constant answer as the site's bare view, with no middleware around it."""
    return HttpResponse(BODY, content_type="text/plain")


urlpatterns = [path("bench/bare/", bare)]

# Serving this module as the app means these settings, whatever the environment says (the
# benchmark's environment names the site's bench settings for its other runs).
os.environ["DJANGO_SETTINGS_MODULE"] = __name__
application = get_wsgi_application()
