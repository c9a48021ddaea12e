"""Cards that hand each family its portfolio: address, QR code, passphrase, two lines of help."""

from dataclasses import dataclass

from markupsafe import Markup

from homeroom_school import urls
from homeroom_school.model import School
from homeroom_site import qr


@dataclass(frozen=True)
class Card:
    name: str
    class_name: str
    lang: str
    url: str
    qr: Markup  # inline SVG
    passphrase: str | None
    instructions: tuple[str, ...]


def card_holders(page) -> list[tuple[str, str | None]]:
    """(language, passphrase) of each card a page gets: one per household of a family page,
    in the household's language or else the student's; one card for a link page."""
    student = page.student
    if page.mode == "family" and page.households:
        return [(one.lang or student.lang, one.passphrase) for one in page.households]
    return [(student.lang, None)]


def instructions_for(page, gettext) -> tuple[str, ...]:
    """The two lines of help of a card, in its language."""
    _ = gettext
    if page.mode == "family":
        return (
            _(
                "This is the private page of your child's school work. Scan the code with "
                "your phone's camera, or type the address."
            ),
            _(
                "When the page asks, type the passphrase above. Keep this card at home: "
                "anyone who has it can open the page."
            ),
        )
    return (
        _(
            "This is the page of your child's school work. Scan the code with your "
            "phone's camera, or type the address."
        ),
        _("Anyone with this address can see the page: please share it only with family."),
    )


def make_cards(school: School, pages: list, base_url: str, catalogs, class_id=None) -> list[Card]:
    """One card per household of a family page (each in its household's language), one per
    link page (in the family's first language)."""
    cards = []
    for page in pages:
        student = page.student
        if class_id and student.class_id != class_id:
            continue
        url = f"{base_url}/{urls.portfolio(page.token)}"
        for lang, passphrase in card_holders(page):
            cards.append(
                Card(
                    name=student.name,
                    class_name=school.classes[student.class_id].name_in(lang),
                    lang=lang,
                    url=url,
                    qr=qr(url),
                    passphrase=passphrase,
                    instructions=instructions_for(page, catalogs[lang].gettext),
                )
            )
    return cards


def render_cards(cards: list[Card], theme, config) -> str:
    """The cards as one printable HTML page, with the theme's template and catalogs."""
    from jinja2 import Environment, FileSystemLoader

    from homeroom_i18n import install

    env = Environment(loader=FileSystemLoader(str(theme / "templates")), autoescape=True)
    install(env, config.translations_path)
    return env.get_template("portfolio_cards.html").render(
        SITENAME=config.site_name, default_lang=config.default_lang, cards=cards
    )
