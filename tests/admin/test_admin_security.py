"""Staff accounts: sign-in lock-out with a way back in, an admin address of the operator's
choosing, strong passwords, sessions that end, and every admin change in the log."""

import logging
import os
import subprocess
import sys
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import serializers
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation

from core.client import parse_trusted_proxies
from spotlights.models import Spotlight
from tests.spotlights.helpers import change_form_data

pytestmark = pytest.mark.django_db

PASSWORD = "Climate-Editor-2026!"
LOGIN = "/admin/login/"


@pytest.fixture
def mei(django_user_model):
    user = django_user_model.objects.create_user("mei", password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def sign_in(client, password, username="mei", address="203.0.113.7", **headers):
    return client.post(
        LOGIN,
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
        headers=headers,
    )


def fail_until_locked(client, **kwargs):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = sign_in(client, "wrong-password", **kwargs)
    return response


# Lock-out


def test_a_failed_sign_in_says_so_and_counts(client, mei):
    response = sign_in(client, "wrong-password")
    assert response.status_code == 200
    assert "Please enter the correct username and password" in response.content.decode()
    assert AccessAttempt.objects.get(username="mei").failures_since_start == 1


def test_repeated_failures_lock_the_account_even_against_the_right_password(client, mei):
    response = fail_until_locked(client)
    assert response.status_code == 429

    response = sign_in(client, PASSWORD)

    assert response.status_code == 429
    html = response.content.decode()
    assert "Too many failed sign-in attempts" in html
    assert "Try again in 30 minutes" in html
    assert "ask a site administrator to unlock your account" in html
    assert "_auth_user_id" not in client.session


def test_the_lock_out_page_speaks_chinese_to_a_chinese_browser(client, mei):
    fail_until_locked(client)
    response = sign_in(client, PASSWORD, **{"Accept-Language": "zh-CN,zh;q=0.9"})
    assert response.status_code == 429
    html = response.content.decode()
    assert "登录已锁定" in html and "30 分钟后再试" in html


def test_a_stranger_elsewhere_cannot_lock_an_editor_out(client, mei):
    fail_until_locked(client, address="198.51.100.66")
    assert sign_in(client, PASSWORD, address="203.0.113.7").status_code == 302


def test_fewer_failures_than_the_limit_do_not_lock_and_success_resets_them(client, mei):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, "wrong-password")
    assert sign_in(client, PASSWORD).status_code == 302
    assert not AccessAttempt.objects.filter(username="mei").exists()


def test_a_forged_forwarded_for_header_buys_no_fresh_attempts(client, mei):
    for number in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "wrong-password", **{"X-Forwarded-For": f"192.0.2.{number}"})
    assert sign_in(client, PASSWORD, **{"X-Forwarded-For": "192.0.2.99"}).status_code == 429


def test_a_direct_client_rotating_forwarded_for_is_locked_out_behind_a_proxied_setup(
    client, mei, settings
):
    settings.TRUSTED_PROXIES = parse_trusted_proxies("10.0.0.0/24")
    settings.TRUSTED_PROXY_COUNT = 1  # the old setting's value here; it must not matter now
    for number in range(settings.AXES_FAILURE_LIMIT):
        forged = {"X-Forwarded-For": f"192.0.2.{number}"}
        sign_in(client, "wrong-password", address="203.0.113.7", **forged)
    forged = {"X-Forwarded-For": "192.0.2.99"}
    assert sign_in(client, PASSWORD, address="203.0.113.7", **forged).status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.7"}


def test_behind_a_trusted_proxy_the_address_it_saw_counts(client, mei, settings):
    settings.TRUSTED_PROXIES = parse_trusted_proxies("10.0.0.0/24")
    proxy = {"address": "10.0.0.2"}  # every request arrives from the load balancer
    fail_until_locked(client, **proxy, **{"X-Forwarded-For": "1.2.3.4, 198.51.100.66"})
    assert AccessAttempt.objects.get().ip_address == "198.51.100.66"
    victim = {"X-Forwarded-For": "1.2.3.4, 203.0.113.7"}  # same forged part, other real client
    assert sign_in(client, PASSWORD, **proxy, **victim).status_code == 302


def test_one_address_failing_across_many_accounts_is_locked_out(client, mei, settings):
    for number in range(settings.LOGIN_ADDRESS_FAILURE_LIMIT):
        sign_in(client, "wrong-password", username=f"guess-{number}")
    assert sign_in(client, PASSWORD).status_code == 429  # even mei, from that address
    assert sign_in(client, PASSWORD, address="198.51.100.66").status_code == 302


def test_an_office_behind_one_address_is_not_locked_for_a_few_mistakes(client, mei, settings):
    for number in range(settings.LOGIN_ADDRESS_FAILURE_LIMIT - 1):
        sign_in(client, "wrong-password", username=f"colleague-{number % 4}")
    assert sign_in(client, PASSWORD).status_code == 302


def test_an_administrator_unlocks_with_a_command(client, mei):
    fail_until_locked(client)
    call_command("axes_reset_username", "mei", verbosity=0)
    assert sign_in(client, PASSWORD).status_code == 302


def test_the_lock_ends_by_itself_after_the_cool_off(client, mei):
    fail_until_locked(client)
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=31))
    assert sign_in(client, PASSWORD).status_code == 302


def test_log_lines_about_attacks_name_no_account_or_address(client, mei, caplog):
    with caplog.at_level(logging.INFO):
        fail_until_locked(client)
    text = "\n".join(record.getMessage() for record in caplog.records)
    assert "client " in text
    assert "mei" not in text and "203.0.113.7" not in text


# The admin's address


def run_python(code, **env):
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "c40site.test_settings", **env}
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_admin_lives_where_the_operator_says():
    code = (
        "from django.urls import reverse, resolve, Resolver404\n"
        "print(reverse('admin:index'), reverse('admin:login'))\n"
        "try:\n    resolve('/admin/')\nexcept Resolver404:\n    print('old address gone')"
    )
    done = run_python(f"exec({code!r})", DJANGO_ADMIN_URL="/staff-7f3k/")
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[:2] == ["/staff-7f3k/ /staff-7f3k/login/", "old address gone"]


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"C40_TRUSTED_PROXIES": "10.0.0.0/33"}, "C40_TRUSTED_PROXIES must list IP addresses"),
        ({"C40_TRUSTED_PROXIES": "10.0.0.2, lb.internal"}, "'lb.internal' is neither"),
        ({"C40_TRUSTED_PROXY_COUNT": "1"}, "set C40_TRUSTED_PROXIES"),
    ],
)
def test_a_wrong_or_outdated_proxy_setting_stops_the_site_at_start(env, message):
    done = run_python("", **env)
    assert done.returncode != 0
    assert "ImproperlyConfigured" in done.stderr and message in done.stderr


def test_trusted_proxies_are_read_as_addresses_and_networks():
    done = run_python(
        "from django.conf import settings; print(*settings.TRUSTED_PROXIES)",
        C40_TRUSTED_PROXIES=" 10.0.0.2 , 2001:db8::/32,",
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["10.0.0.2/32", "2001:db8::/32"]


@pytest.mark.parametrize("address", ["en/", "api/x/", "a b/", "../admin/"])
def test_an_admin_address_that_would_clash_or_break_is_refused_at_start(address):
    done = run_python("", DJANGO_ADMIN_URL=address)
    assert done.returncode != 0
    assert "DJANGO_ADMIN_URL must be a path" in done.stderr


# Passwords and sessions


@pytest.mark.parametrize(
    ("password", "reason"),
    [("Short-1!", "too short"), ("password1234", "too common"), ("839201748392", "numeric")],
)
def test_a_weak_staff_password_is_refused_in_the_admin(admin_client, password, reason):
    response = admin_client.post(
        reverse("admin:auth_user_add"),
        {
            "username": "newbie",
            "password1": password,
            "password2": password,
            "usable_password": "true",
        },
    )
    assert response.status_code == 200
    assert reason in response.content.decode()
    assert not get_user_model().objects.filter(username="newbie").exists()


def test_a_session_ends_with_the_browser_or_after_a_working_day(client, mei):
    response = sign_in(client, PASSWORD)
    assert response.status_code == 302
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert not cookie["max-age"] and not cookie["expires"]  # gone when the browser closes
    assert cookie["httponly"] is True
    assert 0 < client.session.get_expiry_age() <= 8 * 3600


def test_an_expired_session_signs_the_editor_out(client, mei):
    client.force_login(mei)
    session = client.session
    session.set_expiry(timezone.now() - timedelta(seconds=1))
    session.save()
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


# The change log


def audit_records(caplog):
    """The change log's records (not the request log's line for the same request)."""
    return [record for record in caplog.records if record.name == "c40site.audit"]


def test_a_saved_spotlight_is_in_the_change_log_and_the_log(client, mei, caplog):
    spotlight = Spotlight.objects.get(city__slug="oslo")
    client.force_login(mei)
    url = reverse("admin:spotlights_spotlight_change", args=[spotlight.pk])
    with caplog.at_level(logging.INFO, logger="c40site.audit"):
        response = client.post(url, change_form_data(spotlight, title_en="Oslo, electric"))
    assert response.status_code == 302
    entry = LogEntry.objects.get(object_id=str(spotlight.pk))
    assert entry.user == mei and entry.is_change()
    [record] = audit_records(caplog)
    assert record.getMessage().startswith(
        f"admin changed spotlight id={spotlight.pk} by user={mei.pk}"
    )
    assert "Title" in record.getMessage()


def test_bulk_publishing_is_in_the_change_log_too(client, mei, caplog):
    drafts = Spotlight.objects.filter(city__slug__in=["oslo", "paris"])
    drafts.update(status=Spotlight.Status.DRAFT)
    client.force_login(mei)
    with caplog.at_level(logging.INFO, logger="c40site.audit"):
        client.post(
            reverse("admin:spotlights_spotlight_changelist"),
            {"action": "publish_selected", "_selected_action": [s.pk for s in drafts]},
        )
    entries = LogEntry.objects.filter(user=mei)
    assert sorted(int(e.object_id) for e in entries) == sorted(s.pk for s in drafts)
    assert len(audit_records(caplog)) == 2


def test_a_change_to_an_account_is_logged_without_its_name(admin_client, mei, caplog):
    with caplog.at_level(logging.INFO, logger="c40site.audit"):
        admin_client.post(reverse("admin:auth_user_delete", args=[mei.pk]), {"post": "yes"})
    [record] = audit_records(caplog)
    assert record.getMessage().startswith(f"admin deleted user id={mei.pk}")
    assert "mei" not in record.getMessage()


def test_entries_reloaded_by_a_restore_are_not_logged_as_new_changes(admin_client, mei, caplog):
    admin_client.post(reverse("admin:auth_user_delete", args=[mei.pk]), {"post": "yes"})
    saved = serializers.serialize("json", LogEntry.objects.all())
    LogEntry.objects.all().delete()
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="c40site.audit"):
        for entry in serializers.deserialize("json", saved):
            entry.save()  # as loaddata does: a raw save
    assert LogEntry.objects.count() == 1
    assert not audit_records(caplog)


def test_a_chinese_editors_bulk_publish_reads_in_each_readers_language(client, mei, caplog):
    spotlight = Spotlight.objects.get(city__slug="oslo")
    Spotlight.objects.filter(pk=spotlight.pk).update(status=Spotlight.Status.DRAFT)
    client.force_login(mei)
    with caplog.at_level(logging.INFO, logger="c40site.audit"):
        client.post(
            reverse("admin:spotlights_spotlight_changelist"),
            {"action": "publish_selected", "_selected_action": [spotlight.pk]},
            headers={"Accept-Language": "zh-CN"},
        )
    entry = LogEntry.objects.get(object_id=str(spotlight.pk))
    with translation.override("zh-hans"):
        assert entry.get_change_message() == "已修改状态。"
    with translation.override("en"):
        assert entry.get_change_message() == "Changed status."
    assert audit_records(caplog)[-1].getMessage().endswith(": Changed status.")


@pytest.mark.parametrize(
    ("model", "field"),
    [("spotlights.spotlight", "city"), ("networks.network", "member_cities")],
)
def test_a_crafted_id_in_an_autocomplete_field_is_an_error_not_a_500(admin_client, model, field):
    """Django's autocomplete widget looked the posted "abc" up while showing the form again."""
    from django.apps import apps

    model_class = apps.get_model(model)
    obj = model_class.objects.first()
    url = reverse(f"admin:{model.replace('.', '_')}_change", args=[obj.pk])
    response = admin_client.post(url, {field: "abc"})
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()  # the field says what is wrong
