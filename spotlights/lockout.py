"""Sign-in lock-out (django-axes): the page a locked-out person sees, how logs name them, and
the second limit, per address across accounts. (Which address: core/client.py.)"""

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.shortcuts import render
from django.utils.crypto import salted_hmac


def locked_out(request, original_response=None, credentials=None):
    """429 with what happened, when it ends and who can end it sooner."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "admin/locked_out.html", {"minutes": minutes}, status=429)


def client_description(username, ip_address, user_agent, path_info, request):
    """How axes's log lines name a client: a short digest, never the name or address itself.

    The same account and address always give the same digest, so repeated attacks can still
    be told apart in the logs; the access attempts in the admin hold the details.
    """
    digest = salted_hmac("c40.lockout", f"{username}|{ip_address}", algorithm="sha256")
    return f"client {digest.hexdigest()[:12]}"


class AddressLimitHandler(AxesDatabaseHandler):
    """Axes's database handler plus a second, higher limit: failures from one address summed
    over every account (settings.LOGIN_ADDRESS_FAILURE_LIMIT, 20 per cool-off by default).

    Why not AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]: axes counts
    each parameter set against the one AXES_FAILURE_LIMIT, so an office behind one NAT would be
    locked out after 5 mistyped passwords among all its editors. The 5-per-account limit stays
    as it was (a stranger elsewhere still cannot lock an editor out); this one stops a single
    client from trying a few passwords on every account. Axes decides "locked" wherever it
    compares get_failures() with the failure limit (before a sign-in is checked, and after a
    failure), so an address over its own limit reports at least that limit here.
    """

    def get_failures(self, request, credentials=None):
        failures = super().get_failures(request, credentials)
        if self.address_failures(request) >= settings.LOGIN_ADDRESS_FAILURE_LIMIT:
            return max(failures, get_failure_limit(request, credentials))
        return failures

    def address_failures(self, request):
        """Failures from this request's address within the cool-off, whatever the account."""
        attempts = AccessAttempt.objects.filter(ip_address=request.axes_ip_address)
        if settings.AXES_COOLOFF_TIME is not None:
            attempts = attempts.filter(attempt_time__gte=get_cool_off_threshold(request))
        return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
