"""Core's registers in the administration: people and their roles, parties, memberships and
agreements with their fee tables, and the focus areas."""

from django.utils.translation import gettext_lazy as _

from .administration import Column, Register, register_add
from .forms import SignInServiceForm
from .models import Agreement, FeeBand, FocusArea, Membership, Organization, Person, RoleAssignment, SignInService

PEOPLE = _("People and roles")
PARTIES = _("Parties and agreements")
DIRECTION = _("Direction")


def _login_state(person: Person) -> str:
    if person.user is None:
        return ""
    return str(_("Has a login")) if person.user.has_usable_password() else str(_("Invited"))


def register() -> None:
    register_add(
        Register(
            path="personer",
            model=Person,
            group=PEOPLE,
            order=10,
            fields=("name", "title", "email", "organization"),
            columns=(
                Column("name"),
                Column("title"),
                Column("email"),
                Column("organization"),
                Column("user", _("Login"), _login_state),
            ),
            help=_(
                "Everyone who takes part in the partnership's work. Invite a person from their page to give them a login."
            ),
            related=("organization", "user"),
            key_field="key",
            key_from="name",
            field_help={"email": _("Invitations are sent here, and the person logs in with it as user name.")},
        )
    )
    register_add(
        Register(
            path="roller",
            model=RoleAssignment,
            group=PEOPLE,
            order=20,
            fields=("person", "role", "focus_area", "party", "start", "end"),
            columns=(
                Column("person"),
                Column("role"),
                Column("focus_area"),
                Column("party"),
                Column("start"),
                Column("end"),
            ),
            help=_(
                "Who holds which role, for which period; a Core Team member belongs to a focus area. The roles decide what each person may see and do."
            ),
            related=("person", "focus_area", "party"),
            field_help={
                "party": _("The party the person represents in this role, if any."),
                "end": _("Empty while the role lasts."),
            },
        )
    )
    register_add(
        Register(
            path="inloggningstjanster",
            model=SignInService,
            group=PEOPLE,
            order=25,
            fields=("name", "issuer", "client_id", "client_secret", "email_claim", "email_domains", "active"),
            columns=(Column("name"), Column("issuer"), Column("email_domains"), Column("active")),
            help=_(
                "The organisations' own accounts people may log in with, beside their password (OpenID Connect). "
                "The first time, a person is recognised by their e-mail address, which must be on their record here."
            ),
            form=SignInServiceForm,
            secret_fields=("client_secret",),
        )
    )
    register_add(
        Register(
            path="organisationer",
            model=Organization,
            group=PARTIES,
            order=30,
            fields=("name", "short_name", "kind", "org_number", "population"),
            columns=(Column("name"), Column("short_name"), Column("kind"), Column("population")),
            help=_("The parties and the other organisations the partnership works with."),
            key_field="key",
            key_from="name",
            field_help={"population": _("For a municipality: what its membership fee is computed from.")},
        )
    )
    register_add(
        Register(
            path="medlemskap",
            model=Membership,
            group=PARTIES,
            order=40,
            fields=("organization", "start", "end"),
            columns=(Column("organization"), Column("start"), Column("end")),
            help=_("Which organisations are parties of the partnership, and from when to when."),
            related=("organization",),
            field_help={"end": _("Empty while the organisation is a party.")},
        )
    )
    register_add(
        Register(
            path="avtal",
            model=Agreement,
            group=PARTIES,
            order=50,
            fields=(
                "title",
                "start",
                "end",
                "parties",
                "limit_project_leader_ore",
                "limit_process_leader_ore",
                "municipal_fees_cap_ore",
            ),
            columns=(
                Column("title"),
                Column("start"),
                Column("end"),
                Column("parties", _("Parties")),
                Column("limit_process_leader_ore", _("Process leader decides up to")),
            ),
            help=_(
                "The agreements the partnership rests on: their period, parties and spending limits. Financing per party and year is entered under Economy."
            ),
            prefetch=("parties",),
            key_field="key",
            key_from="title",
            field_help={
                "limit_project_leader_ore": _(
                    "A project leader decides on spending up to this amount; above it, the process leader."
                ),
                "limit_process_leader_ore": _(
                    "The process leader decides on spending up to this amount; above it, the board."
                ),
                "municipal_fees_cap_ore": _("Empty when the agreement sets no cap."),
            },
        )
    )
    register_add(
        Register(
            path="avgiftstabell",
            model=FeeBand,
            group=PARTIES,
            order=60,
            fields=("agreement", "min_population", "fee_ore", "floor_ore"),
            columns=(
                Column("agreement"),
                Column("min_population"),
                Column("fee_ore", _("Yearly fee")),
                Column("floor_ore", _("Lowest fee after reduction")),
            ),
            help=_("What a municipality pays a year by its population, per agreement: one row per band."),
            related=("agreement",),
        )
    )
    register_add(
        Register(
            path="fokusomraden",
            model=FocusArea,
            group=DIRECTION,
            order=70,
            fields=("name", "former_name", "description"),
            columns=(Column("name"), Column("former_name")),
            help=_("The focus areas the partnership has chosen; initiatives, Core Teams and goals belong to one."),
            key_field="slug",
            key_from="name",
            order_field="order",
        )
    )
