"""homeroom_newsletter's Pelican plugin (`PLUGINS`: "homeroom_newsletter.plugin").

Signals: `get_generators` adds NewsletterGenerator, which writes each edition's email.html
and email.txt in generate_output. Kept apart from the package, so `invoke send` reads the
email edition without importing Pelican.
"""

from pelican import signals

from homeroom_output.generator import HomeroomGenerator
from homeroom_school.features.newsletters import Edition

from . import email_edition
from .plaintext import html_to_text

__all__ = ["NewsletterGenerator", "register"]


class NewsletterGenerator(HomeroomGenerator):
    """Writes email.html and email.txt for every newsletter edition."""

    def generate_output(self, writer) -> None:
        from homeroom_site.parallel import render_all

        self.template = self.get_template("newsletter_email")
        editions = self.newsletters.every_edition()
        outputs = self.outputs
        if outputs.memory is None:  # a full build: every edition, on every core
            render_all(editions, self.write, self.config.workers, writes=outputs.writes)
            return
        for edition in editions:
            paths = self.paths(edition)
            if outputs.all_unchanged(paths, "email", edition):
                continue  # the preview: made from the same inputs last time
            self.write(edition)

    def paths(self, edition: Edition) -> tuple[str, str]:
        """email.html and email.txt, beside the web edition."""
        return edition.email_url("html"), edition.email_url("txt")

    def write(self, edition: Edition) -> None:
        config = self.config
        context = {
            **self.context,
            **edition.template_vars(config.absolute_url),
            "SITEURL": config.absolute_url,
            "lang": edition.lang,
            "edition": edition,
            "school": self.school,
            "plain_photos": True,
            "web_url": f"{config.absolute_url}/{edition.url}",
        }
        html = email_edition(self.template.render(context))
        texts = (html, html_to_text(html) + "\n")
        for path, text in zip(self.paths(edition), texts, strict=True):
            self.outputs.write(path, text, context)


def get_generators(pelican):
    return NewsletterGenerator


def register():
    # get_generators: written in generate_output, from the same editions homeroom_site's
    # pages and the feeds read, so the three can never disagree about what a month holds.
    signals.get_generators.connect(get_generators)
