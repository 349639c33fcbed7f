"""Sign-in lock-out (django-axes): the page a locked-out person sees, and how logs name them."""

import hashlib

from django.conf import settings
from django.shortcuts import render


def locked_out(request, original_response=None, credentials=None):
    """429 with what happened, when it ends and who can end it sooner."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "admin/locked_out.html", {"minutes": minutes}, status=429)


def client_description(username, ip_address, user_agent, path_info, request):
    """How axes's log lines name a client: a short digest, never the name or address itself.

    The same account and address always give the same digest, so repeated attacks can still
    be told apart in the logs; the access attempts in the admin hold the details.
    """
    material = f"{settings.SECRET_KEY}|{username}|{ip_address}".encode()
    return f"client {hashlib.sha256(material).hexdigest()[:12]}"
