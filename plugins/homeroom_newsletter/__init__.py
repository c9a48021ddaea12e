"""homeroom_newsletter: each month's newsletter as an email (inlined CSS) and as plain text.

Signals: `get_generators` adds NewsletterGenerator, which writes in generate_output, beside
each web newsletter that homeroom_site planned: email.html (one self-contained file, CSS
inlined by css-inline, absolute addresses) and email.txt, ready to paste into a mail system.
"""

import css_inline
from pelican import signals
from pelican.generators import Generator

from homeroom_school import config_of, outputs_of, school_of, urls

from .plaintext import html_to_text

__all__ = ["NewsletterGenerator", "email_edition", "register"]

INLINER = css_inline.CSSInliner(keep_style_tags=False, load_remote_stylesheets=False)


def email_edition(html: str) -> str:
    """Every <style> rule moved into style="" attributes, the <style> blocks gone."""
    return INLINER.inline(html)


class NewsletterGenerator(Generator):
    """Writes email.html and email.txt for every newsletter page."""

    def generate_output(self, writer) -> None:
        from homeroom_site import PAGES_KEY
        from homeroom_site.parallel import render_all

        self.school = school_of(self.context)
        self.config = config_of(self.context)
        self.outputs = outputs_of(self.context)
        self.template = self.get_template("newsletter_email")
        pages = [page for page in self.context.get(PAGES_KEY, []) if page.template == "newsletter"]
        if self.outputs.memo is None:  # a full build: every edition, on every core
            render_all(pages, self.write, self.config.workers)
            return
        for page in pages:
            paths = self.paths(page)
            if all([self.outputs.carried(path, page) or self.outputs.fresh(path, "email", page)
                    for path in paths]):  # fmt: skip
                continue  # the preview: made from the same inputs last time
            self.write(page)

    def paths(self, page) -> tuple[str, str]:
        """email.html and email.txt, beside the web edition."""
        issue = page.vars["issue"]
        return tuple(
            urls.newsletter_email(page.lang, issue.class_id, issue.month, kind)
            for kind in ("html", "txt")
        )

    def write(self, page) -> None:
        config = self.config
        context = {
            **self.context,
            **page.vars,
            "SITEURL": config.absolute_url,
            "lang": page.lang,
            "page": page,
            "school": self.school,
            "plain_photos": True,
            "web_url": f"{config.absolute_url}/{page.url}",
        }
        html = email_edition(self.template.render(context))
        texts = (html, html_to_text(html) + "\n")
        for path, text in zip(self.paths(page), texts, strict=True):
            self.outputs.write(path, text, context)


def get_generators(pelican):
    return NewsletterGenerator


def register():
    # get_generators: written in generate_output, from the newsletter pages homeroom_site
    # planned, so the three editions can never disagree about what a month holds.
    signals.get_generators.connect(get_generators)
