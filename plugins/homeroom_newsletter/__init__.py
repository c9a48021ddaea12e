"""homeroom_newsletter: each month's newsletter as an email (inlined CSS) and as plain text.

`email_edition` and `plaintext.html_to_text` are Pelican-free (`invoke send` uses them too);
`plugin.py` is the Pelican plugin: its NewsletterGenerator writes, in generate_output, beside
each web newsletter (an edition of homeroom_school/features/newsletters.py, from the context):
email.html (one self-contained file, CSS inlined by css-inline, absolute addresses) and
email.txt, ready to paste into a mail system.
"""

import css_inline

__all__ = ["email_edition"]

INLINER = css_inline.CSSInliner(keep_style_tags=False, load_remote_stylesheets=False)


def email_edition(html: str) -> str:
    """Every <style> rule moved into style="" attributes, the <style> blocks gone."""
    return INLINER.inline(html)
