"""Sign-in with a partnership's own OpenID Connect provider: the rules, pure (standard library only).

A partnership lists the providers its people sign in with (a party's Entra ID, a region's own),
each with the e-mail domains it may speak for (`SignInService`). Whether an answer of the provider
lets someone in is decided here, from its claims and what Samsyn knows of the people with that
e-mail address; signin_views.py speaks to the provider, and services.py applies the decision.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from ipaddress import ip_address
from typing import Any
from urllib.parse import urlsplit

# Why a sign-in was refused: codes for the audit history, said in words by signin_views.
NO_EMAIL = "no_email"
EMAIL_UNVERIFIED = "email_unverified"
DOMAIN_NOT_ALLOWED = "domain_not_allowed"
NO_PERSON = "no_person"
SEVERAL_PEOPLE = "several_people"
LOGIN_TAKEN = "login_taken"
LOGIN_INACTIVE = "login_inactive"
PROVIDER_ERROR = "provider_error"
STATE_UNKNOWN = "state_unknown"

# A domain name as people write it: labels of letters, digits and hyphens, at least two of them.
_DOMAIN = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)(\.(?!-)[a-z0-9-]{1,63}(?<!-))+$")


def domains_parse(text: str) -> tuple[str, ...]:
    """The domains of a service's list, as typed: separated by commas, spaces or lines, a leading
    "@" dropped, lower-cased, each once, in their order ("MDU.se, @vasteras.se" -> mdu.se, vasteras.se)."""
    found: list[str] = []
    for word in re.split(r"[\s,;]+", text or ""):
        domain = word.strip().lstrip("@").rstrip(".").lower()
        if domain and domain not in found:
            found.append(domain)
    return tuple(found)


def domains_invalid(domains: tuple[str, ...]) -> tuple[str, ...]:
    """The domains of a list that are no domain names (to be refused in the form)."""
    return tuple(d for d in domains if not _DOMAIN.match(d))


def email_domain(email: str) -> str:
    """The domain of an address, lower-cased ("" when it has none)."""
    local, at, domain = (email or "").strip().rpartition("@")
    return domain.lower() if at and local else ""


def domain_allowed(email: str, domains: tuple[str, ...]) -> bool:
    """Whether the service speaks for the address's domain: exactly one of its domains, so that
    mdu.se does not let in evil-mdu.se nor students.mdu.se unless it is listed too."""
    domain = email_domain(email)
    return bool(domain) and domain in {d.lower() for d in domains}


def issuer_acceptable(url: str) -> bool:
    """An issuer is spoken to over https; plain http only on this machine (a provider in a test)."""
    parts = urlsplit(url)
    if not parts.hostname or parts.query or parts.fragment:
        return False
    if parts.scheme == "https":
        return True
    if parts.scheme != "http":
        return False
    if parts.hostname == "localhost":
        return True
    try:
        return ip_address(parts.hostname).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True)
class ClaimedEmail:
    """The address the provider vouches for, or why it vouches for none (`refusal`)."""

    email: str = ""
    refusal: str = ""


def claimed_email(claims: dict[str, Any], claim: str) -> ClaimedEmail:
    """The e-mail address in the provider's claims under the service's `claim` ("email", or "upn"
    and "preferred_username" for Entra ID, where the user name is the address).

    A provider that says the address is unverified (`email_verified: false`) is not believed; one that
    does not say is, as the service's own provider for the domains it speaks for."""
    value = claims.get(claim)
    email = value.strip() if isinstance(value, str) else ""
    if not email or not email_domain(email):
        return ClaimedEmail(refusal=NO_EMAIL)
    verified = claims.get("email_verified")
    if claim == "email" and (verified is False or (isinstance(verified, str) and verified.lower() == "false")):
        return ClaimedEmail(email=email, refusal=EMAIL_UNVERIFIED)
    return ClaimedEmail(email=email)


class Step(Enum):
    """What a sign-in does, once the provider has vouched for an address of an allowed domain."""

    SIGN_IN = "sign_in"  # the identity is known and its login is a person of the partnership
    LINK_PERSON = "link_person"  # a known identity's login becomes the person with the address
    LINK_IDENTITY = "link_identity"  # the person with the address has a login: the identity joins it
    CREATE_LOGIN = "create_login"  # the person with the address has no login: one is made for them
    REFUSE = "refuse"


@dataclass(frozen=True)
class PersonFacts:
    """What the decision needs of a person of the partnership with the claimed address."""

    person_id: int
    user_id: int | None


@dataclass(frozen=True)
class Decision:
    step: Step
    person_id: int | None = None
    user_id: int | None = None
    refusal: str = ""


def signin_decide(
    *,
    identity_user_id: int | None,
    identity_user_person_id: int | None,
    people_with_email: tuple[PersonFacts, ...],
    email_login_user_id: int | None,
    email_login_person_id: int | None,
) -> Decision:
    """Who signs in, or why nobody does.

    `identity_user_id`: the login an earlier sign-in linked to this provider's subject (None: the
    first time); `identity_user_person_id`: that login's person in the partnership, if it is one.
    `people_with_email`: the partnership's people whose address is the claimed one (any case).
    `email_login_user_id`: the login whose user name is the address (as an invitation makes them),
    and `email_login_person_id` its person in the partnership, if any.

    The first time, the identity is linked to the one person with the address: to their login, or to
    a login made for them (the one named by the address, if it is no one else's here). Nobody with
    the address, or several people, and nobody signs in: an administrator adds or corrects the
    person first. A known identity signs in as its login, which must be a person of the partnership.
    """
    if identity_user_id is not None:
        if identity_user_person_id is not None:
            return Decision(Step.SIGN_IN, identity_user_person_id, identity_user_id)
        free = [p for p in people_with_email if p.user_id in (None, identity_user_id)]
        if len(people_with_email) == 1 and free:
            return Decision(Step.LINK_PERSON, free[0].person_id, identity_user_id)
        return Decision(Step.REFUSE, refusal=SEVERAL_PEOPLE if len(people_with_email) > 1 else NO_PERSON)
    if not people_with_email:
        return Decision(Step.REFUSE, refusal=NO_PERSON)
    if len(people_with_email) > 1:
        return Decision(Step.REFUSE, refusal=SEVERAL_PEOPLE)
    person = people_with_email[0]
    if person.user_id is not None:
        return Decision(Step.LINK_IDENTITY, person.person_id, person.user_id)
    if email_login_user_id is not None:
        if email_login_person_id is not None:
            # The address's login is another person's here: linking it would merge two people.
            return Decision(Step.REFUSE, refusal=LOGIN_TAKEN)
        return Decision(Step.LINK_PERSON, person.person_id, email_login_user_id)
    return Decision(Step.CREATE_LOGIN, person.person_id)
