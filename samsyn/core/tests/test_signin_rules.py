"""The rules of sign-in with a partnership's own provider (core.signin): which addresses a service
speaks for, which claim carries the address, and who signs in the first time and after."""

import pytest
from django.utils import translation

from samsyn.core import signin
from samsyn.core.audit import SECRET_CHANGED, SECRET_SET, FieldInfo, audit_changes
from samsyn.core.signin import Decision, PersonFacts, Step, signin_decide


@pytest.mark.parametrize(
    "text, expected",
    [
        ("mdu.se", ("mdu.se",)),
        ("MDU.se, @vasteras.se", ("mdu.se", "vasteras.se")),
        ("mdu.se\neskilstuna.se;mdu.se", ("mdu.se", "eskilstuna.se")),
        ("  ", ()),
        ("", ()),
        ("mdu.se.", ("mdu.se",)),
    ],
)
def test_a_services_domains_are_read_as_people_type_them(text, expected):
    assert signin.domains_parse(text) == expected


@pytest.mark.parametrize(
    "domains, invalid",
    [
        (("mdu.se", "student.mdu.se"), ()),
        (("mdu",), ("mdu",)),
        (("-mdu.se",), ("-mdu.se",)),
        (("mdu..se", "ok.se"), ("mdu..se",)),
        (("mälardalen.se",), ("mälardalen.se",)),
    ],
)
def test_a_list_with_something_that_is_no_domain_is_refused(domains, invalid):
    assert signin.domains_invalid(domains) == invalid


@pytest.mark.parametrize(
    "email, allowed",
    [
        ("linnea.ronnquist@mdu.se", True),
        ("Linnea.Ronnquist@MDU.SE", True),
        ("anna@vasteras.se", True),
        ("someone@example.com", False),
        ("someone@evil-mdu.se", False),
        ("someone@student.mdu.se", False),
        ("someone@mdu.se.example.com", False),
        ("mdu.se", False),
        ("@mdu.se", False),
        ("", False),
    ],
)
def test_only_the_services_own_domains_may_sign_in(email, allowed):
    assert signin.domain_allowed(email, ("mdu.se", "vasteras.se")) is allowed


@pytest.mark.parametrize(
    "url, acceptable",
    [
        ("https://login.microsoftonline.com/tenant/v2.0", True),
        ("https://idp.vasteras.se", True),
        ("http://idp.vasteras.se", False),
        ("http://127.0.0.1:8123/o", True),
        ("http://localhost:8123/o", True),
        ("http://[::1]:8123/o", True),
        ("https://idp.example.se/?tenant=1", False),
        ("ftp://idp.example.se", False),
        ("idp.example.se", False),
    ],
)
def test_an_issuer_is_spoken_to_over_https_except_on_this_machine(url, acceptable):
    assert signin.issuer_acceptable(url) is acceptable


@pytest.mark.parametrize(
    "claims, claim, expected",
    [
        ({"email": "a@mdu.se", "email_verified": True}, "email", signin.ClaimedEmail("a@mdu.se")),
        ({"email": " a@mdu.se "}, "email", signin.ClaimedEmail("a@mdu.se")),
        ({"email": "a@mdu.se", "email_verified": False}, "email", signin.ClaimedEmail("a@mdu.se", "email_unverified")),
        (
            {"email": "a@mdu.se", "email_verified": "false"},
            "email",
            signin.ClaimedEmail("a@mdu.se", "email_unverified"),
        ),
        ({"upn": "a@mdu.se", "email_verified": False}, "upn", signin.ClaimedEmail("a@mdu.se")),
        ({"preferred_username": "a@mdu.se"}, "preferred_username", signin.ClaimedEmail("a@mdu.se")),
        ({"preferred_username": "a@mdu.se"}, "email", signin.ClaimedEmail(refusal="no_email")),
        ({"email": "not an address"}, "email", signin.ClaimedEmail(refusal="no_email")),
        ({"email": ["a@mdu.se"]}, "email", signin.ClaimedEmail(refusal="no_email")),
        ({}, "email", signin.ClaimedEmail(refusal="no_email")),
    ],
)
def test_the_address_is_read_from_the_services_claim(claims, claim, expected):
    assert signin.claimed_email(claims, claim) == expected


FREE = PersonFacts(person_id=10, user_id=None)
WITH_LOGIN = PersonFacts(person_id=11, user_id=5)


@pytest.mark.parametrize(
    "identity_user, identity_person, people, email_login, email_login_person, expected",
    [
        # The first time: the one person with the address.
        (None, None, (WITH_LOGIN,), None, None, Decision(Step.LINK_IDENTITY, 11, 5)),
        (None, None, (FREE,), None, None, Decision(Step.CREATE_LOGIN, 10)),
        (None, None, (FREE,), 7, None, Decision(Step.LINK_PERSON, 10, 7)),
        (None, None, (FREE,), 7, 12, Decision(Step.REFUSE, refusal="login_taken")),
        (None, None, (), None, None, Decision(Step.REFUSE, refusal="no_person")),
        (None, None, (FREE, WITH_LOGIN), None, None, Decision(Step.REFUSE, refusal="several_people")),
        # Afterwards: the identity's login, while it is a person of the partnership.
        (5, 11, (), None, None, Decision(Step.SIGN_IN, 11, 5)),
        (5, 11, (FREE,), None, None, Decision(Step.SIGN_IN, 11, 5)),
        (5, None, (FREE,), None, None, Decision(Step.LINK_PERSON, 10, 5)),
        (5, None, (PersonFacts(13, 6),), None, None, Decision(Step.REFUSE, refusal="no_person")),
        (5, None, (), None, None, Decision(Step.REFUSE, refusal="no_person")),
        (5, None, (FREE, PersonFacts(14, None)), None, None, Decision(Step.REFUSE, refusal="several_people")),
    ],
)
def test_who_signs_in(identity_user, identity_person, people, email_login, email_login_person, expected):
    assert (
        signin_decide(
            identity_user_id=identity_user,
            identity_user_person_id=identity_person,
            people_with_email=people,
            email_login_user_id=email_login,
            email_login_person_id=email_login_person,
        )
        == expected
    )


def test_a_secret_reads_as_hidden_in_the_history_never_as_its_value():
    fields = {"client_secret": FieldInfo("client secret"), "name": FieldInfo("organisation")}
    with translation.override("en"):
        assert audit_changes({"client_secret": SECRET_SET}, {"client_secret": SECRET_CHANGED}, fields) == [
            "client secret from hidden to a new hidden value"
        ]
        assert audit_changes(None, {"client_secret": SECRET_SET, "name": "MDU"}, fields) == ["client secret: hidden"]
