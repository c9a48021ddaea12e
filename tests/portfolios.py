"""A school with portfolios (a family student, a link student with a public entry), its
test-only secret and keys, and a strict build of it."""

from pathlib import Path

from tests.photos import camera_jpeg
from tests.sites import pelican_build, small_school

SECRET = "test-only-secret-for-portfolios-of-homeroom"  # publish wants 32 characters or more
PORTFOLIO = "classes/grade-1/portfolio"
KEYS = "grade-1/mia: river stone lantern four\n"
SCHOOL = {
    "classes/grade-1/class.yml": """
        name: {en: Grade 1, es: Primer grado}
        teachers: [Ms. Park]
        languages: [en, es]
        goals:
          counting: {en: Count to 100, es: Contar hasta 100}
          reading: {en: Read simple books, es: Leer libros sencillos}
    """,
    f"{PORTFOLIO}/mia/student.yml": "name: Mia K.\nfamily_languages: [es]\nphoto_consent: false\n",
    f"{PORTFOLIO}/mia/2026-10-01-hundred-chart.md": """
        Title: Secret hundred chart
        Date: 2026-10-01
        Goals: counting
        Image: chart.jpg
        Image-Alt: A hundred chart colored in tens

        Mia colored every tenth square ZEBRA-PRIVATE-TEXT and explained the pattern.
    """,
    f"{PORTFOLIO}/sam/student.yml": "name: Sam B.\nphoto_consent: true\nvisibility: link\n",
    f"{PORTFOLIO}/sam/2026-10-02-tower.md": """
        Title: Block tower link-only
        Date: 2026-10-02
        Goals: counting

        Sam counted 24 blocks LINK-ONLY-TEXT.
    """,
    f"{PORTFOLIO}/sam/2026-10-03-painting.md": """
        Title: Autumn painting for everyone
        Date: 2026-10-03
        Visibility: public
        Image: painting.jpg
        Image-Alt: Red and yellow leaves painted on paper

        Sam painted leaves PUBLIC-TEXT.
    """,
}


def portfolio_school(folder: Path) -> Path:
    content = small_school(folder, **SCHOOL)
    camera_jpeg(content / PORTFOLIO / "mia/chart.jpg", size=(1200, 900), orientation=6, seed=3)
    camera_jpeg(content / PORTFOLIO / "sam/painting.jpg", size=(1200, 900), orientation=1, seed=4)
    return content


def portfolio_build(content: Path, folder: Path, **settings) -> int:
    """Build into folder/output with the test secret and keys, strictly unless told; errors."""
    settings = {"HOMEROOM_PREVIEW": False, **settings}
    return pelican_build(
        content,
        folder / "output",
        HOMEROOM_SECRET=SECRET,
        HOMEROOM_FAMILY_KEYS=KEYS,
        CACHE_PATH=str(folder / "cache"),
        **settings,
    )
