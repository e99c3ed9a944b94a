"""Optional second factor (TOTP) for coordinators and administrators: set-up, login with a code, removal.

Codes are computed with django-otp's own TOTP implementation from the device's key, as an
authenticator application would.
"""

import datetime
import re
import time

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from maillage.accounts.models import LoginAttempt, User
from maillage.accounts.otp import secret_text
from tests.accounts.factories import PASSWORD, NetworkCoordinatorFactory, UserFactory

pytestmark = pytest.mark.django_db

SETUP = "/compte/double-authentification/"
LOGIN = "/compte/connexion/"
CODE = "/compte/connexion/code/"


def code(device: TOTPDevice, steps_ahead: int = 0) -> str:
    """Return the code an authenticator shows now (or a few 30-second steps later)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():06d}"


def wrong_code(device: TOTPDevice) -> str:
    """Return a code valid at no moment around now."""
    valid = {code(device, steps) for steps in range(-2, 3)}
    return next(f"{n:06d}" for n in range(1_000_000) if f"{n:06d}" not in valid)


def let_throttling_pass(device: TOTPDevice) -> None:
    """Move the device's last failure a minute back, as if the person had waited."""
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_timestamp=timezone.now() - datetime.timedelta(minutes=1)
    )


def confirmed_device_for(user: User) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="Téléphone", confirmed=True)


@pytest.fixture
def coordinator() -> User:
    return NetworkCoordinatorFactory.create(user__email="coordination@example.org").user


def test_the_page_has_its_agreed_name() -> None:
    """« Mon espace » links to it as accounts:otp_setup."""
    assert reverse("accounts:otp_setup") == SETUP


def test_a_coordinator_sets_up_the_second_factor_then_needs_a_code(client: Client, coordinator: User) -> None:
    """The QR code is inline SVG, the secret is in text; a right code activates it; login then asks one."""
    client.force_login(coordinator)
    page = client.get(SETUP)
    assert page.status_code == 200
    text = page.content.decode()
    device = TOTPDevice.objects.get(user=coordinator, confirmed=False)
    assert '<svg role="img"' in text
    assert "<title>Code QR à scanner</title>" in text
    assert secret_text(device) in text
    assert "<script" not in text.split("</main>")[0].split('id="contenu"')[1]
    assert "<img" not in text

    refused = client.post(SETUP, {"token": wrong_code(device)})
    assert "Ce code n&#x27;est pas le bon" in refused.content.decode()
    let_throttling_pass(device)
    activated = client.post(SETUP, {"token": code(device)})
    assert activated["Location"] == reverse("accounts:dashboard")
    device.refresh_from_db()
    assert device.confirmed
    assert "activée" in client.get(reverse("accounts:dashboard")).content.decode()

    client.post(reverse("accounts:logout"))
    step_one = client.post(LOGIN, {"email": "coordination@example.org", "password": PASSWORD})
    assert step_one["Location"] == CODE
    # The password alone does not log in.
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("accounts:dashboard")).status_code == 302

    assert "Code de double authentification" in client.get(CODE).content.decode()
    refused = client.post(CODE, {"token": wrong_code(device)})
    assert "Ce code n&#x27;est pas le bon" in refused.content.decode()
    assert "_auth_user_id" not in client.session

    let_throttling_pass(device)
    # The code used for the set-up cannot be replayed: the authenticator's next one is.
    done = client.post(CODE, {"token": code(device, steps_ahead=1)})
    assert done["Location"] == reverse("accounts:dashboard")
    assert client.session["_auth_user_id"] == str(coordinator.pk)
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    outcomes = list(LoginAttempt.objects.order_by("created_at").values_list("succeeded", flat=True))
    assert outcomes == [False, True]


def test_wrong_codes_count_towards_the_lockout(client: Client, coordinator: User) -> None:
    """Guessing codes locks the address out like guessing passwords."""
    device = confirmed_device_for(coordinator)
    client.post(LOGIN, {"email": "coordination@example.org", "password": PASSWORD})
    for _ in range(5):
        client.post(CODE, {"token": wrong_code(device)})
        let_throttling_pass(device)
    response = client.post(CODE, {"token": code(device)})
    assert response.status_code == 429
    assert "Trop de tentatives de connexion ont échoué" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_code_step_expires(client: Client, coordinator: User) -> None:
    """Five minutes after the password, the code step sends back to the login page."""
    confirmed_device_for(coordinator)
    client.post(LOGIN, {"email": "coordination@example.org", "password": PASSWORD})
    session = client.session
    session["accounts_login_pending"]["since"] -= 600
    session.save()
    response = client.get(CODE)
    assert response["Location"] == LOGIN
    assert "La connexion a expiré" in client.get(LOGIN).content.decode()


def test_the_code_step_needs_a_right_password_first(client: Client) -> None:
    """Without a password checked in this session, the code page sends to the login page."""
    assert client.get(CODE)["Location"] == LOGIN


def test_the_second_factor_is_removed_with_a_code(client: Client, coordinator: User) -> None:
    """Removing it asks for a valid code; afterwards the password is enough again."""
    device = confirmed_device_for(coordinator)
    client.force_login(coordinator)
    assert "La double authentification est activée" in client.get(SETUP).content.decode()
    refused = client.post(SETUP, {"token": wrong_code(device)})
    assert refused.status_code == 200
    assert TOTPDevice.objects.filter(user=coordinator).exists()
    let_throttling_pass(device)
    removed = client.post(SETUP, {"token": code(device)})
    assert removed["Location"] == reverse("accounts:dashboard")
    assert not TOTPDevice.objects.filter(user=coordinator).exists()

    client.post(reverse("accounts:logout"))
    response = client.post(LOGIN, {"email": "coordination@example.org", "password": PASSWORD})
    assert response["Location"] == reverse("accounts:dashboard")


def test_a_person_without_coordination_cannot_open_the_setup(client: Client) -> None:
    """The page is refused with a French explanation, and no device is created."""
    user = UserFactory.create()
    client.force_login(user)
    response = client.get(SETUP)
    assert response.status_code == 403
    assert "proposée aux coordinations" in response.content.decode()
    assert client.post(SETUP, {"token": "123456"}).status_code == 403
    assert not TOTPDevice.objects.exists()
    assert "Double authentification" not in client.get(reverse("accounts:dashboard")).content.decode()


@pytest.mark.parametrize("flags", [{"is_staff": True}, {"is_superuser": True}])
def test_administrators_are_offered_the_second_factor(client: Client, flags: dict[str, bool]) -> None:
    """Staff and superusers may set it up."""
    client.force_login(UserFactory.create(**flags))
    assert client.get(SETUP).status_code == 200


def test_the_setup_needs_an_account(client: Client) -> None:
    """Visitors are sent to the login page."""
    assert client.get(SETUP)["Location"] == f"{LOGIN}?next={SETUP}"


def test_the_secret_is_readable_by_groups_of_four(coordinator: User) -> None:
    """Typing the key by hand is easier in groups."""
    device = TOTPDevice.objects.create(user=coordinator, name="x", confirmed=False)
    assert re.fullmatch(r"([A-Z2-7]{4} )+[A-Z2-7]{1,4}", secret_text(device))


def test_the_administration_asks_for_the_code_too(client: Client) -> None:
    """An administrator with a second factor reaches /admin/ only after the code."""
    admin = UserFactory.create(email="admin@example.org", is_staff=True, is_superuser=True)
    device = confirmed_device_for(admin)
    login_page = client.get("/admin/login/?next=/admin/")["Location"]
    assert login_page == "/compte/connexion/?next=/admin/"
    step_one = client.post(LOGIN, {"email": "admin@example.org", "password": PASSWORD, "next": "/admin/"})
    assert step_one["Location"] == CODE
    assert client.get("/admin/").status_code == 302
    done = client.post(CODE, {"token": code(device)})
    assert done["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
