"""homeroom_newsletter: each month's newsletter as an email (inlined CSS) and as plain text.

Signals: `get_generators` adds NewsletterGenerator, which writes in generate_output, beside
each web newsletter (an edition of homeroom_school/newsletters.py, from the context): email.html
(one self-contained file, CSS inlined by css-inline, absolute addresses) and email.txt, ready
to paste into a mail system.
"""

import css_inline
from pelican import signals

from homeroom_output.generator import HomeroomGenerator
from homeroom_school.newsletters import Edition

from .plaintext import html_to_text

__all__ = ["NewsletterGenerator", "email_edition", "register"]

INLINER = css_inline.CSSInliner(keep_style_tags=False, load_remote_stylesheets=False)


def email_edition(html: str) -> str:
    """Every <style> rule moved into style="" attributes, the <style> blocks gone."""
    return INLINER.inline(html)


class NewsletterGenerator(HomeroomGenerator):
    """Writes email.html and email.txt for every newsletter edition."""

    def generate_output(self, writer) -> None:
        from homeroom_site.parallel import render_all

        self.template = self.get_template("newsletter_email")
        editions = self.newsletters.every_edition()
        if self.outputs.memo is None:  # a full build: every edition, on every core
            render_all(editions, self.write, self.config.workers, writes=self.outputs.writes)
            return
        for edition in editions:
            paths = self.paths(edition)
            if self.outputs.fresh_all(paths, "email", edition):
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
