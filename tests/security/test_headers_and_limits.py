"""Security headers, rate limits on account forms, and no secret in the logs."""

import logging

import pytest
from django.core import mail
from django.test import override_settings

LIMITS = {"login_failed": "3/m/ip", "signup": "3/m/ip", "reset_password": "3/m/ip,3/m/key"}


def test_pages_carry_the_security_headers(panier_client):
    response = panier_client.get("/", secure=True)
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "max-age=31536000" in response["Strict-Transport-Security"]


@override_settings(ACCOUNT_RATE_LIMITS=LIMITS)
def test_login_attempts_are_limited(panier_client, alice):
    pages = [
        panier_client.post(
            "/accounts/login/",
            {"login": alice.email, "password": "wrong"},
            HTTP_ACCEPT_LANGUAGE="en",
        )
        for _ in range(4)
    ]
    assert "Too many failed login attempts" not in pages[0].content.decode()
    assert "Too many failed login attempts" in pages[3].content.decode()
    # Even the right password is refused until the limit expires.
    right = panier_client.post(
        "/accounts/login/", {"login": alice.email, "password": "correct horse battery"}
    )
    assert right.status_code == 200 and "_auth_user_id" not in panier_client.session


@override_settings(ACCOUNT_RATE_LIMITS=LIMITS)
def test_password_reset_requests_are_limited(panier_client, alice):
    statuses = [
        panier_client.post("/accounts/password/reset/", {"email": alice.email}).status_code
        for _ in range(5)
    ]
    assert 429 in statuses
    assert len(mail.outbox) <= 3


@override_settings(ACCOUNT_RATE_LIMITS=LIMITS)
def test_sign_ups_are_limited(panier_client):
    statuses = [
        panier_client.post(
            "/accounts/signup/",
            {
                "email": f"robot{i}@example.fr",
                "password1": "x-Tr3s-l0ng-pass",
                "password2": "x-Tr3s-l0ng-pass",
            },
        ).status_code
        for i in range(5)
    ]
    assert 429 in statuses


@pytest.mark.parametrize("password", ["Sup3r-Secret-Passw0rd"])
def test_passwords_and_tokens_never_reach_the_logs(panier_client, alice, caplog, password):
    caplog.set_level(logging.DEBUG)
    panier_client.post("/accounts/login/", {"login": alice.email, "password": password})
    panier_client.post(
        "/accounts/signup/",
        {"email": "new@example.fr", "password1": password, "password2": password},
    )
    panier_client.post("/accounts/password/reset/", {"email": alice.email})
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert password not in logged
    for message in mail.outbox:  # reset and confirmation links are secrets too
        for word in message.body.split():
            if "/accounts/" in word and len(word) > 40:
                assert word not in logged
