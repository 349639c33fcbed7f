"""Sign-in lock-out (django-axes): the page a locked-out person sees, and how logs name them."""

from django.conf import settings
from django.shortcuts import render
from django.utils.crypto import salted_hmac


def locked_out(request, original_response=None, credentials=None):
    """429 with what happened, when it ends and who can end it sooner."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "admin/locked_out.html", {"minutes": minutes}, status=429)


def client_address(request):
    """The address the sign-in came from, as the outermost trusted proxy saw it.

    Entries a client wrote into X-Forwarded-For itself sit left of those our proxies append,
    so only the last TRUSTED_PROXY_COUNT entries are believed: a forged header cannot buy an
    attacker fresh attempts.
    """
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = [
        part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part
    ]
    if proxies and len(forwarded) >= proxies:
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def client_description(username, ip_address, user_agent, path_info, request):
    """How axes's log lines name a client: a short digest, never the name or address itself.

    The same account and address always give the same digest, so repeated attacks can still
    be told apart in the logs; the access attempts in the admin hold the details.
    """
    digest = salted_hmac("c40.lockout", f"{username}|{ip_address}", algorithm="sha256")
    return f"client {digest.hexdigest()[:12]}"
