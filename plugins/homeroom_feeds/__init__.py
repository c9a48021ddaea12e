"""homeroom_feeds: Atom and RSS per class × language and per language (the whole school),
and a podcast of the posts recorded in each language (podcast.py).

Signals: `get_generators` adds FeedsGenerator and PodcastGenerator, which write in
generate_output from the school model. Entries carry full content with absolute URLs and ids
that survive edits and translations:
tag:<authority>,<date of the post>:<class>/news/<slug>/<reader's language>.
"""

from html import escape

from pelican import signals

from homeroom_audio import recordings_of
from homeroom_i18n import Catalogs
from homeroom_i18n.formatting import month_year
from homeroom_output.generator import HomeroomGenerator
from homeroom_school import podcasts, urls
from homeroom_school.features.newsletters import Edition
from homeroom_school.languages import direction, name_in
from homeroom_school.links import item_url, localize
from homeroom_school.views import Shown, show
from homeroom_video import clips_of

from .feeds import Entry, Feed, atom, rss
from .podcast import Episode, Podcast, artwork, initials_of, podcast_rss

FORMATS = ("atom", "rss")

__all__ = ["FeedsGenerator", "PodcastGenerator", "register"]


def entry_id(authority: str, shown: Shown) -> str:
    item = shown.item
    return f"tag:{authority},{item.date:%Y-%m-%d}:{item.class_id}/news/{item.slug}/{shown.lang}"


def newsletter_id(authority: str, school_class, edition: Edition) -> str:
    issue = edition.issue
    return (
        f"tag:{authority},{issue.first_day:%Y-%m-%d}:"
        f"{school_class.id}/newsletter/{issue.month}/{edition.lang}"
    )


def newest_first(published, entry: str) -> tuple:
    """The order of a feed's entries: the newest first, then by id."""
    return (-published.timestamp(), entry)


class FeedsGenerator(HomeroomGenerator):
    """Writes atom.xml and rss.xml for every class language and every site language."""

    def generate_output(self, writer) -> None:
        self.catalogs = Catalogs(self.config.translations_path)
        school = self.school
        monthly = self.newsletters
        for school_class in school.classes.values():
            posts = school.published_news(school_class.id)
            for lang in school_class.languages:
                newsletters = monthly.issued(school_class.id, lang, self.config.today)
                shown = posts[: self.config.feed_items]
                paths = [urls.class_feed(lang, school_class.id, kind) for kind in FORMATS]
                if self.unchanged(paths, lang, shown, school_class, newsletters):
                    self.keep_entries(shown, lang, newsletters)
                    continue
                _ = self.catalogs[lang].gettext
                name = school_class.name_in(lang)
                self.write(
                    Feed(
                        id=f"tag:{self.config.feed_id_authority},2026:{lang}/{school_class.id}/",
                        title=f"{name} · {school.name}",
                        subtitle=_("News from %(class)s, %(school)s")
                        % {"class": name, "school": school.name},
                        lang=lang,
                        page_url=self.absolute(urls.class_home(lang, school_class.id)),
                        atom_url=self.absolute(urls.class_feed(lang, school_class.id, "atom")),
                        rss_url=self.absolute(urls.class_feed(lang, school_class.id, "rss")),
                        authors=school_class.teachers,
                        entries=self.class_entries(school_class, posts, newsletters, lang),
                    )
                )
        for lang in school.languages:
            posts = school.news_in(lang, self.config.feed_items)
            if self.unchanged([urls.school_feed(lang, kind) for kind in FORMATS], lang, posts):
                self.keep_entries(posts, lang)
                continue
            _ = self.catalogs[lang].gettext
            self.write(
                Feed(
                    id=f"tag:{self.config.feed_id_authority},2026:{lang}/",
                    title=school.name,
                    subtitle=_("News from every class at %(school)s") % {"school": school.name},
                    lang=lang,
                    page_url=self.absolute(urls.lang_home(lang)),
                    atom_url=self.absolute(urls.school_feed(lang, "atom")),
                    rss_url=self.absolute(urls.school_feed(lang, "rss")),
                    authors=(school.name,),
                    entries=self.entries(posts, lang),
                )
            )

    def absolute(self, path: str) -> str:
        return f"{self.config.absolute_url}/{path}"

    def class_entries(self, school_class, posts, newsletters, lang: str) -> list[Entry]:
        """The newest entries of a class's feed, posts and newsletters together, newest first:
        only those are made (a newsletter entry holds a whole month: most months are older
        than the feed's newest posts)."""
        authority = self.config.feed_id_authority
        shown = self.newest_posts(posts, lang)
        candidates = [(newest_first(one.date, entry_id(authority, one)), one) for one in shown]
        candidates += [
            (
                newest_first(edition.issue.issued, newsletter_id(authority, school_class, edition)),
                edition,
            )
            for edition in newsletters
        ]
        kept = [one for _, one in sorted(candidates, key=lambda pair: pair[0])]
        return [
            self.derived_entry(one)
            if isinstance(one, Shown)
            else self.outputs.derive(
                ("newsletter entry", one.url), (one,), self.newsletter_entry, school_class, one
            )
            for one in kept[: self.config.feed_items]
        ]

    def newsletter_entry(self, school_class, edition: Edition) -> Entry:
        """A month's newsletter, once the month is over, as one entry: what RSS-to-email
        services send once a month, holding exactly what the web edition holds."""
        lang, issue = edition.lang, edition.issue
        _ = self.catalogs[lang].gettext
        context = {
            **self.context,
            **edition.template_vars(self.config.absolute_url),
            "SITEURL": self.config.absolute_url,
            "lang": lang,
            "school": self.school,
            "plain_photos": True,
            "web_url": self.absolute(edition.url),
        }
        month = month_year(issue.first_day, lang)
        updates = [s.updated for s in edition.posts if s.updated] + [issue.issued]
        return Entry(
            id=newsletter_id(self.config.feed_id_authority, school_class, edition),
            title=_("Newsletter: %(month)s") % {"month": month},
            url=self.absolute(edition.url),
            published=issue.issued,
            updated=max(updates),
            lang=lang,
            summary=_("The %(month)s newsletter of %(class)s.")
            % {"month": month, "class": school_class.name_in(lang)},
            content=self.get_template("newsletter_feed").render(context),
            authors=school_class.teachers,
        )

    def entries(self, items, lang: str) -> list[Entry]:
        return [self.derived_entry(one) for one in self.newest_posts(items, lang)]

    def newest_posts(self, items, lang: str) -> list[Shown]:
        """The first HOMEROOM_FEED_ITEMS of `items` (newest first), as shown in `lang`."""
        return [show(self.school, item, lang) for item in items[: self.config.feed_items]]

    def derived_entry(self, shown: Shown) -> Entry:
        """A post is in its class's feed and the school's: made once, and in the preview
        only when it changed."""
        return self.outputs.derive(("feed entry", shown.url), (shown,), self.entry, shown)

    def entry(self, shown: Shown) -> Entry:
        root = self.config.absolute_url
        library = self.photos
        photo = library.feed_html if library else None
        clips = clips_of(self.context)  # a feed reader plays no video: its poster links it
        clip = clips.feed_html if clips else None
        html = localize(shown.body, self.school, shown.lang, root, photo, clip=clip)
        if shown.image:
            cover = localize(shown.image, self.school, shown.lang, root, photo)
            html = f"<p>{cover}</p>\n{html}"
        recordings = recordings_of(self.context)
        episode = recordings.of(shown.version) if recordings else None
        if episode:
            _ = self.catalogs[shown.lang].gettext
            listen = _("Listen (%(minutes)s min)") % {"minutes": episode.episode.minutes}
            html = f'<p><a href="{self.absolute(episode.url)}">{escape(listen)}</a></p>\n{html}'
        if shown.fallback:
            _ = self.catalogs[shown.lang].gettext
            note = _(
                "This has not been translated into %(language)s yet. "
                "Here is the original in %(original)s."
            ) % {
                "language": name_in(shown.lang, shown.lang),
                "original": name_in(shown.text_lang, shown.lang),
            }
            html = (
                f"<p><em>{escape(note)}</em></p>\n"
                f'<div lang="{shown.text_lang}" '
                f'dir="{direction(shown.text_lang)}">\n{html}\n</div>'
            )
        teachers = shown.school_class.teachers if shown.school_class else ()
        return Entry(
            id=entry_id(self.config.feed_id_authority, shown),
            title=shown.title,
            url=self.absolute(shown.url),
            published=shown.date,
            updated=shown.updated,
            lang=shown.text_lang,
            summary=shown.summary,
            content=html,
            authors=teachers,
            categories=shown.version.tags,
        )

    def keep_entries(self, items, lang: str, newsletters=()) -> None:
        """The preview: a feed not made again still holds these entries; the memo keeps them
        for when it is (it keeps nothing a build did not use)."""
        school = self.school
        names = [("feed entry", item_url(i, lang, school.languages_of(i))) for i in items]
        names += [("newsletter entry", edition.url) for edition in newsletters]
        self.outputs.keep_derived(names)

    def unchanged(self, paths: list[str], *inputs) -> bool:
        """True when the feed, in Atom and RSS, was made from these inputs last time."""
        return self.outputs.all_unchanged(paths, "feed", *inputs)

    def write(self, feed: Feed) -> None:
        for url, text in ((feed.atom_url, atom(feed)), (feed.rss_url, rss(feed))):
            save_as = url.removeprefix(self.config.absolute_url + "/")
            self.outputs.write(save_as, text, self.context)


class PodcastGenerator(HomeroomGenerator):
    """Writes podcast.xml for every class language and site language with a recording (and
    none for a language without), and each class's (and the school's) cover art."""

    def generate_output(self, writer) -> None:
        library = recordings_of(self.context)
        if library is None or not library.published:
            return
        self.catalogs = Catalogs(self.config.translations_path)
        school = self.school
        covers = {}
        for school_class in school.classes.values():
            for lang in school_class.languages:
                episodes = self.episodes(podcasts.episodes(school, lang, school_class.id), lang)
                if not episodes:
                    continue
                cover = urls.podcast_artwork(school_class.id)
                covers[cover] = school_class.name_in(school_class.languages[0])
                _ = self.catalogs[lang].gettext
                name = school_class.name_in(lang)
                self.write(
                    urls.class_podcast(lang, school_class.id),
                    Podcast(
                        title=f"{name} · {school.name}",
                        description=_("News from %(class)s, %(school)s")
                        % {"class": name, "school": school.name},
                        lang=lang,
                        page_url=self.absolute(urls.class_home(lang, school_class.id)),
                        feed_url=self.absolute(urls.class_podcast(lang, school_class.id)),
                        artwork_url=self.absolute(cover),
                        author=", ".join(school_class.teachers) or school.name,
                        category="Education",
                        episodes=episodes,
                    ),
                )
        for lang in school.languages:
            episodes = self.episodes(podcasts.episodes(school, lang), lang)
            if not episodes:
                continue
            cover = urls.podcast_artwork()
            covers[cover] = school.name
            _ = self.catalogs[lang].gettext
            self.write(
                urls.school_podcast(lang),
                Podcast(
                    title=school.name,
                    description=_("News from every class at %(school)s") % {"school": school.name},
                    lang=lang,
                    page_url=self.absolute(urls.lang_home(lang)),
                    feed_url=self.absolute(urls.school_podcast(lang)),
                    artwork_url=self.absolute(cover),
                    author=school.name,
                    category="Education",
                    episodes=episodes,
                ),
            )
        for path, name in sorted(covers.items()):
            if not self.outputs.unchanged(path, "podcast artwork", name):
                self.outputs.store(path, artwork(name, initials_of(name)))

    def episodes(self, recorded, lang: str) -> tuple[Episode, ...]:
        """The feed's episodes: the newest HOMEROOM_FEED_ITEMS whose recording was made."""
        library = recordings_of(self.context)
        _ = self.catalogs[lang].gettext
        found = []
        for item, version in recorded:
            published = library.of(version)
            if published is None:
                continue  # it could not be made: the build said why
            shown = show(self.school, item, lang)
            found.append(
                Episode(
                    guid=f"{entry_id(self.config.feed_id_authority, shown)}/audio",
                    title=version.title,
                    page_url=self.absolute(shown.url),
                    published=item.date,
                    summary=version.summary,
                    transcript_label=_("Read it on the web"),
                    audio_url=self.absolute(published.url),
                    audio_bytes=published.episode.bytes,
                    duration=published.episode.duration,
                )
            )
        return tuple(found[: self.config.feed_items])

    def absolute(self, path: str) -> str:
        return f"{self.config.absolute_url}/{path}"

    def write(self, path: str, podcast: Podcast) -> None:
        self.outputs.write(path, podcast_rss(podcast), self.context)


def get_generators(pelican):
    return [FeedsGenerator, PodcastGenerator]


def register():
    # get_generators: feeds are written from the school model, not from Pelican's articles.
    signals.get_generators.connect(get_generators)
