"""A synthetic school for the site benchmark, in Homeroom's format and as a plain Pelican site.

    python bench/make_school.py OUT [--size S|M|L] [--classes N] [--posts N] [--events N]
                                    [--students N] [--entries N] [--langs N] [--translated 0.5]

Writes, replacing OUT if it exists:

OUT/homeroom/content/classes/<class>/
    class.yml                       names per language, teachers, languages, goals, contact
    news/<date>-post-NNNN[.lang].md  Title, Date, Tags; 300-600 words of Markdown
    events/<date>-event-NNN.md      Title, Start, End, Location (the class's first language)
    portfolio/<student>/            student.yml, and <date>-work-N.md entries with Goals
OUT/pelican/content/<class>/...     the very same Markdown bodies as plain Pelican articles, with
                                    Category (the class), Lang and Slug headers (a post and its
                                    translations share a Slug, so Pelican links them)
OUT/pelican/pelicanconf.py          Pelican's default theme; feeds per category and language
OUT/school.json                     the shape that was written, how many Markdown files and
                                    the students with family (encrypted) portfolios

The presets: S about 500 Markdown files, M about 3,000, L about 12,000. Seeded: the same
arguments always write the same bytes. Standard library only.
"""

import argparse
import datetime as dt
import json
import random
import shutil
from pathlib import Path

# classes, posts per class, events per class, students per class, entries per student
PRESETS = {
    "S": {"classes": 4, "posts": 40, "events": 10, "students": 10, "entries": 4},
    "M": {"classes": 11, "posts": 80, "events": 20, "students": 20, "entries": 4},
    "L": {"classes": 35, "posts": 100, "events": 20, "students": 25, "entries": 4},
}
LANGUAGES = ["en", "es", "ar", "vi", "zh", "fr"]
VOCABULARY = {
    "en": (
        "our students visited planted measured painted wrote shared built counted read sang "
        "tomatoes seeds butterflies fractions letters maps clay volcano orchestra poems puppets "
        "harbor meadow workshop kitchen gym playground library bakery station telescope "
        "carefully proudly quietly together outside every first new big small bright"
    ),
    "es": (
        "nuestros alumnos visitaron plantaron midieron pintaron escribieron compartieron "
        "construyeron contaron leyeron cantaron tomates semillas mariposas fracciones cartas "
        "mapas arcilla volcán orquesta poemas títeres puerto pradera taller cocina gimnasio "
        "patio biblioteca panadería estación telescopio juntos afuera nuevo grande pequeño"
    ),
    "ar": (
        "زار طلابنا زرعوا قاسوا رسموا كتبوا شاركوا بنوا عدوا قرأوا غنوا الطماطم البذور "
        "الفراشات الكسور الرسائل الخرائط الطين البركان الأوركسترا القصائد الدمى الميناء المرج "
        "الورشة المطبخ الملعب المكتبة المخبز المحطة التلسكوب معا بعناية بفخر جديد كبير صغير"
    ),
    "vi": (
        "các em đã tham quan trồng cây đo đạc vẽ tranh viết thư chia sẻ xây dựng đếm đọc hát "
        "cà chua hạt giống bươm bướm phân số bản đồ đất sét núi lửa dàn nhạc bài thơ con rối "
        "bến cảng đồng cỏ xưởng nhà bếp sân chơi thư viện tiệm bánh nhà ga kính thiên văn"
    ),
    "zh": (
        "我们的 学生 参观了 种下 测量 画了 写了 分享 搭建 数了 读了 唱了 番茄 种子 蝴蝶 分数 "
        "信件 地图 黏土 火山 乐团 诗歌 木偶 港口 草地 工作坊 厨房 体育馆 操场 图书馆 面包店 "
        "车站 望远镜 一起 认真 骄傲 安静 新的 大的 小的"
    ),
    "fr": (
        "nos élèves ont visité planté mesuré peint écrit partagé construit compté lu chanté "
        "tomates graines papillons fractions lettres cartes argile volcan orchestre poèmes "
        "marionnettes port prairie atelier cuisine gymnase cour bibliothèque boulangerie gare "
        "télescope ensemble dehors nouveau grand petit"
    ),
}
TOPICS = ["garden", "science", "art", "music", "sports", "reading", "math", "outdoors", "drama"]
SCHOOL_YEAR = dt.datetime(2025, 9, 1, 8, 0)
YEAR_DAYS = 280


def some_words(rng: random.Random, lang: str, count: int) -> list[str]:
    pool = VOCABULARY[lang].split()
    return [rng.choice(pool) for _ in range(count)]


def title_of(rng: random.Random, lang: str, low: int, high: int) -> str:
    return " ".join(some_words(rng, lang, rng.randint(low, high))).capitalize()


def line_of_text(rng: random.Random, lang: str, count: int = 0) -> str:
    """One sentence; about a third carry emphasis, strong emphasis or a link."""
    words = some_words(rng, lang, count or rng.randint(7, 17))
    spot = rng.randrange(len(words))
    roll = rng.random()
    if roll < 0.12:
        words[spot] = f"*{words[spot]}*"
    elif roll < 0.22:
        words[spot] = f"**{words[spot]}**"
    elif roll < 0.34:
        words[spot] = f"[{words[spot]}](https://example.org/{lang}/{rng.randrange(1000)})"
    return " ".join(words).capitalize() + "."


def markdown_body(rng: random.Random, lang: str, words: int) -> str:
    """Paragraphs, headings, bulleted and numbered lists and quotes: `words` words in all."""
    blocks: list[str] = []
    written = 0
    while words - written >= 20:
        roll = rng.random()
        if blocks and roll < 0.14 and not blocks[-1].startswith("#"):
            block = "## " + title_of(rng, lang, 2, 5)
        elif roll < 0.24:
            block = "\n".join(f"- {line_of_text(rng, lang)}" for _ in range(rng.randint(3, 6)))
        elif roll < 0.30:
            items = range(1, rng.randint(3, 5) + 1)
            block = "\n".join(f"{n}. {line_of_text(rng, lang)}" for n in items)
        elif roll < 0.35:
            block = "> " + line_of_text(rng, lang)
        else:
            block = " ".join(line_of_text(rng, lang) for _ in range(rng.randint(2, 5)))
        if written + len(block.split()) > words:
            continue  # too long to fit: draw another
        blocks.append(block)
        written += len(block.split())
    blocks.append(line_of_text(rng, lang, max(3, words - written)))  # the exact remainder
    return "\n\n".join(blocks) + "\n"


class Writer:
    """Writes each Markdown file twice: for Homeroom and for vanilla Pelican."""

    def __init__(self, out: Path):
        self.homeroom = out / "homeroom" / "content"
        self.pelican = out / "pelican" / "content"
        self.markdown = 0

    @staticmethod
    def text(path: Path, text: str) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    def both(self, homeroom: str, homeroom_head: str, pelican: str, pelican_head: str, body: str):
        self.text(self.homeroom / homeroom, homeroom_head + "\n" + body)
        self.text(self.pelican / pelican, pelican_head + "\n" + body)
        self.markdown += 1


def family_students(classes: int, students: int) -> list[str]:
    """The students whose portfolio is `family` (encrypted when published), as class/student:
    every second one, as write_class writes them."""
    return [
        f"class-{c:02d}/student-{s:02d}"
        for c in range(1, classes + 1)
        for s in range(1, students + 1)
        if not s % 2
    ]


def class_yml(number: int, class_id: str, langs: list[str]) -> str:
    names = "".join(f"  {lang}: Class {number} ({lang})\n" for lang in langs)
    return (
        f"name:\n{names}"
        f"teachers: [Teacher {number}]\n"
        f"languages: [{', '.join(langs)}]\n"
        "goals:\n"
        "  reading: Read every day\n"
        "  math: Compare fractions\n"
        "contact:\n"
        f"  email: {class_id}@school.example\n"
        "  response_time: within two school days\n"
    )


def write_class(writer: Writer, number: int, shape: dict, langs: list[str], options) -> None:
    class_id = f"class-{number:02d}"
    seed = options.seed
    first = langs[0]
    writer.text(
        writer.homeroom / "classes" / class_id / "class.yml", class_yml(number, class_id, langs)
    )
    home = f"classes/{class_id}"

    for p in range(1, shape["posts"] + 1):
        rng = random.Random(f"{seed}:{class_id}:news:{p}")
        when = SCHOOL_YEAR + dt.timedelta(days=rng.randrange(YEAR_DAYS), minutes=rng.randrange(600))
        tags = ", ".join(rng.sample(TOPICS, rng.randint(1, 3)))
        length = rng.randint(300, 600)
        slug = f"post-{p:04d}"
        for index, lang in enumerate(langs):
            chance = random.Random(f"{seed}:{class_id}:news:{p}:{lang}:translated").random()
            if index and chance >= options.translated:
                continue
            text = random.Random(f"{seed}:{class_id}:news:{p}:{lang}:text")
            head = (
                f"Title: {title_of(text, lang, 3, 7)}\nDate: {when:%Y-%m-%d %H:%M}\nTags: {tags}\n"
            )
            suffix = f".{lang}" if index else ""
            writer.both(
                f"{home}/news/{when:%Y-%m-%d}-{slug}{suffix}.md",
                head,
                f"{class_id}/{slug}{suffix}.md",
                head + f"Category: {class_id}\nLang: {lang}\nSlug: {class_id}-{slug}\n",
                markdown_body(text, lang, length),
            )

    for e in range(1, shape["events"] + 1):
        rng = random.Random(f"{seed}:{class_id}:event:{e}")
        start = SCHOOL_YEAR + dt.timedelta(days=rng.randrange(YEAR_DAYS), hours=rng.randrange(10))
        end = start + dt.timedelta(minutes=rng.choice([60, 90, 120]))
        title = f"Title: {title_of(rng, first, 2, 4)}\n"
        slug = f"event-{e:03d}"
        writer.both(
            f"{home}/events/{start:%Y-%m-%d}-{slug}.md",
            f"{title}Start: {start:%Y-%m-%d %H:%M}\nEnd: {end:%Y-%m-%d %H:%M}\n"
            f"Location: Room {number}\n",
            f"{class_id}/events/{slug}.md",
            title
            + f"Date: {start:%Y-%m-%d %H:%M}\nCategory: {class_id}\nLang: {first}\n"
            + f"Slug: {class_id}-{slug}\n",
            markdown_body(rng, first, rng.randint(50, 90)),
        )

    for s in range(1, shape["students"] + 1):
        student = f"student-{s:02d}"
        folder = f"{home}/portfolio/{student}"
        writer.text(
            writer.homeroom / folder / "student.yml",
            f"name: Student {s}\n"
            f"family_languages: [{langs[(s - 1) % len(langs)]}]\n"
            f"photo_consent: {'false' if s % 3 == 1 else 'true'}\n"
            f"visibility: {'link' if s % 2 else 'family'}\n",  # as family_students()
        )
        for n in range(1, shape["entries"] + 1):
            rng = random.Random(f"{seed}:{class_id}:{student}:{n}")
            day = SCHOOL_YEAR + dt.timedelta(days=rng.randrange(YEAR_DAYS))
            head = f"Title: {title_of(rng, first, 3, 5)}\nDate: {day:%Y-%m-%d}\n"
            writer.both(
                f"{folder}/{day:%Y-%m-%d}-work-{n}.md",
                head + "Goals: reading, math\n",
                f"{class_id}/portfolio/{student}-{n}.md",
                head + f"Category: {class_id}\nLang: {first}\nSlug: {class_id}-{student}-{n}\n",
                markdown_body(rng, first, rng.randint(120, 300)),
            )


PELICANCONF = """\
SITENAME = "School"
PATH = "content"
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
DEFAULT_PAGINATION = 10
RELATIVE_URLS = True
FEED_ALL_ATOM = "feeds/all.atom.xml"
CATEGORY_FEED_ATOM = "feeds/{slug}.atom.xml"
TRANSLATION_FEED_ATOM = "feeds/all-{lang}.atom.xml"
"""


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("out", type=Path)
    parser.add_argument("--size", choices=sorted(PRESETS), default="S")
    for name in PRESETS["S"]:
        parser.add_argument(f"--{name}", type=int, help="overrides the preset")
    parser.add_argument("--langs", type=int, default=3, help=f"the first N of {LANGUAGES}")
    parser.add_argument(
        "--translated", type=float, default=0.5, help="share of posts in each other language"
    )
    parser.add_argument("--seed", default="homeroom-bench")
    options = parser.parse_args()
    shape = dict(PRESETS[options.size])
    for name in shape:
        if getattr(options, name) is not None:
            shape[name] = getattr(options, name)
    langs = LANGUAGES[: max(1, min(options.langs, len(LANGUAGES)))]

    if options.out.exists():
        shutil.rmtree(options.out)
    writer = Writer(options.out)
    for number in range(1, shape["classes"] + 1):
        write_class(writer, number, shape, langs, options)
    writer.text(options.out / "pelican" / "pelicanconf.py", PELICANCONF)
    summary = {
        "size": options.size,
        **shape,
        "languages": langs,
        "translated": options.translated,
        "seed": options.seed,
        "source_files": writer.markdown,
        "families": family_students(shape["classes"], shape["students"]),
    }
    writer.text(options.out / "school.json", json.dumps(summary, indent=1) + "\n")
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
