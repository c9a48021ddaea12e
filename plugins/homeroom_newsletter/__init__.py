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

        school = school_of(self.context)
        config = config_of(self.context)
        outputs = outputs_of(self.context)
        template = self.get_template("newsletter_email")
        for page in self.context.get(PAGES_KEY, []):
            if page.template != "newsletter":
                continue
            issue = page.vars["issue"]
            html_path = urls.newsletter_email(page.lang, issue.class_id, issue.month)
            text_path = urls.newsletter_email(page.lang, issue.class_id, issue.month, "txt")
            paths = (html_path, text_path)
            if all([outputs.carried(path, page) or outputs.fresh(path, "email", page)
                    for path in paths]):  # fmt: skip
                continue  # the preview: made from the same inputs last time
            context = {
                **self.context,
                **page.vars,
                "SITEURL": config.absolute_url,
                "lang": page.lang,
                "page": page,
                "school": school,
                "plain_photos": True,
                "web_url": f"{config.absolute_url}/{page.url}",
            }
            html = email_edition(template.render(context))
            for path, text in zip(paths, (html, html_to_text(html) + "\n"), strict=True):
                written = outputs.write(path, text)
                if written:
                    signals.content_written.send(str(written), context=context)


def get_generators(pelican):
    return NewsletterGenerator


def register():
    # get_generators: written in generate_output, from the newsletter pages homeroom_site
    # planned, so the three editions can never disagree about what a month holds.
    signals.get_generators.connect(get_generators)
