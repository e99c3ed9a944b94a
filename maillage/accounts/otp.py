"""The optional second factor (TOTP): offered to coordinators and administrators, who hold more power.

A device is created unconfirmed when someone opens the set-up page, and only asked for at login once
its owner typed a first valid code.
"""

import base64
from typing import Any

from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from maillage.memberships.models import NetworkCoordinator, TerritoryCoordinator

DEVICE_NAME = "Application d'authentification"


def otp_offered_to(user: Any) -> bool:
    """Tell whether the user may set up a second factor: staff, superusers and coordinators."""
    if not user.is_authenticated:
        return False
    if user.is_staff or user.is_superuser:
        return True
    return (
        NetworkCoordinator.objects.filter(user=user).exists()
        or TerritoryCoordinator.objects.filter(user=user).exists()
    )


def confirmed_device(user: Any) -> TOTPDevice | None:
    """Return the user's confirmed TOTP device, if any."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def totp_device_pending(*, user: Any) -> TOTPDevice:
    """Return the user's unconfirmed device, creating one with a fresh secret if needed."""
    with transaction.atomic():
        device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
        if device is None:
            device = TOTPDevice(user=user, name=DEVICE_NAME, confirmed=False)
            device.full_clean()
            device.save()
    return device


def totp_device_confirm(*, device: TOTPDevice, token: str) -> bool:
    """Activate the device if the code is right; tell whether it was."""
    with transaction.atomic():
        if not device.verify_token(token):
            return False
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        # One second factor per person: older devices (an earlier phone) are replaced.
        TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    return True


def totp_device_disable(*, device: TOTPDevice, token: str) -> bool:
    """Remove the user's devices if the code is right; tell whether it was."""
    with transaction.atomic():
        if not device.verify_token(token):
            return False
        TOTPDevice.objects.filter(user=device.user).delete()
    return True


def qr_code_svg(device: TOTPDevice) -> str:
    """Draw the enrolment QR code as an inline SVG (no image service, no script)."""
    import segno  # noqa: PLC0415 (imported by the enrolment page only, not at every start-up)

    code = segno.make(device.config_url, error="m")
    svg = str(code.svg_inline(scale=5, dark="#1b1b1b", light="#ffffff", title="Code QR à scanner"))
    # An image with its <title> as accessible name, for screen readers.
    return svg.replace("<svg ", '<svg role="img" ', 1)


def secret_text(device: TOTPDevice) -> str:
    """Return the secret in base32, in groups of four, for people who type it instead of scanning."""
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[index : index + 4] for index in range(0, len(secret), 4))
