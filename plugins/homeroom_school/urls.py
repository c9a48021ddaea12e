"""The URL contract (DESIGN.md): once published, a URL never moves. Paths have no leading '/'."""


def root() -> str:
    """The school home in DEFAULT_LANG (index.html), which links to every language."""
    return ""


def not_found() -> str:
    """The page GitHub Pages serves for any address it does not have."""
    return "404.html"


def lang_home(lang: str) -> str:
    return f"{lang}/"


def class_home(lang: str, class_id: str) -> str:
    return f"{lang}/{class_id}/"


def news_archive(lang: str, class_id: str, page: int = 1) -> str:
    base = f"{lang}/{class_id}/news/"
    return base if page == 1 else f"{base}page/{page}/"


def news_post(lang: str, class_id: str, slug: str) -> str:
    return f"{lang}/{class_id}/news/{slug}/"


def events_archive(lang: str, class_id: str) -> str:
    return f"{lang}/{class_id}/events/"


def event_page(lang: str, class_id: str, slug: str) -> str:
    return f"{lang}/{class_id}/events/{slug}/"


def event_calendar(lang: str, class_id: str, slug: str) -> str:
    """The one-event .ics behind an event page's "add to calendar" link."""
    return f"{lang}/{class_id}/events/{slug}/{slug}.ics"


def slot_calendar(lang: str, class_id: str, slug: str, code: str) -> str:
    """One bookable time of an event as its own .ics, for the family that booked it."""
    return f"{lang}/{class_id}/events/{slug}/slots/{code.lower()}.ics"


def event_sheet(lang: str, class_id: str, slug: str) -> str:
    """An event's sign-up sheet to print: its free times with their codes, how to reply."""
    return f"{lang}/{class_id}/events/{slug}/sheet/"


def class_calendar(lang: str, class_id: str) -> str:
    return f"{lang}/{class_id}/calendar.ics"


def school_calendar(lang: str) -> str:
    return f"{lang}/calendar.ics"


def newsletter_archive(lang: str, class_id: str) -> str:
    return f"{lang}/{class_id}/newsletter/"


def newsletter(lang: str, class_id: str, month: str) -> str:
    """month: "YYYY-MM"."""
    return f"{lang}/{class_id}/newsletter/{month}/"


def newsletter_email(lang: str, class_id: str, month: str, kind: str = "html") -> str:
    """The email edition (kind "html") and its plain-text twin (kind "txt")."""
    return f"{newsletter(lang, class_id, month)}email.{kind}"


def school_page(lang: str, slug: str) -> str:
    return f"{lang}/pages/{slug}/"


def class_feed(lang: str, class_id: str, kind: str) -> str:
    """kind: 'atom' or 'rss'."""
    return f"{lang}/{class_id}/{kind}.xml"


def school_feed(lang: str, kind: str) -> str:
    return f"{lang}/{kind}.xml"


def webcal(address: str) -> str:
    """A calendar's https:// address as the webcal:// one that calendar apps open."""
    return "webcal://" + address.split("://", 1)[1]


def search(lang: str) -> str:
    """The search page in one language (HOMEROOM_SEARCH); school and class homes link to it."""
    return f"{lang}/search/"


def search_bundle() -> str:
    """Pagefind's files: its script, WebAssembly and the index of every language."""
    return "pagefind/"


def service_worker() -> str:
    """The offline reader (a service worker at the site's root: its scope is the whole site)."""
    return "sw.js"


def offline_manifest() -> str:
    """Every published file's digest: a new build's service worker forgets what changed."""
    return "offline.json"


def portfolios() -> str:
    """The folder of every portfolio page: robots.txt keeps crawlers out of it."""
    return "portfolio/"


def portfolio(token: str) -> str:
    """One student's portfolio: `token` is unguessable, and the page is linked from nowhere."""
    return f"{portfolios()}{token}/"


def sitemap() -> str:
    return "sitemap.xml"


def robots() -> str:
    return "robots.txt"


def media(source: str) -> str:
    """Where a file that content links to (a photo, a PDF) is published."""
    return f"media/{source.removeprefix('classes/')}"


def clip(source: str) -> str:
    """Where a clip is published, without a suffix: <that>.mp4 the video, <that>.poster.webp
    and .jpg its poster (the original, as the phone saved it, is never published)."""
    path = media(source)
    return path.rsplit(".", 1)[0] if "." in path.rsplit("/", 1)[-1] else path


def recording(source: str) -> str:
    """Where a post's recording is published: beside its media, always as an .m4a (the
    original, in whatever format the phone saved, is never published)."""
    path = media(source)
    return f"{path.rsplit('.', 1)[0] if '.' in path.rsplit('/', 1)[-1] else path}.m4a"


def class_podcast(lang: str, class_id: str) -> str:
    """A class's podcast in one language: the posts recorded in that language."""
    return f"{lang}/{class_id}/podcast.xml"


def school_podcast(lang: str) -> str:
    """Every class's episodes recorded in one language."""
    return f"{lang}/podcast.xml"


def podcast_artwork(class_id: str | None = None) -> str:
    """A podcast's square cover (a class's, or with None the school's): in every language."""
    return f"media/podcast/{class_id or 'school'}.png"


def save_as(url: str) -> str:
    """The file a URL is written to: a folder URL gets its index.html."""
    return f"{url}index.html" if url.endswith("/") or not url else url


def section(url: str) -> str:
    """A URL up to its second '/' (`en/grade-3b/`), or all of it: the sitemap's folders.
    Sorting the folders, then each folder's URLs, sorts all the URLs (a folder's URLs all
    start with it)."""
    first = url.find("/")
    second = url.find("/", first + 1) if first >= 0 else -1
    return url[: second + 1] if second >= 0 else url
