"""`invoke portfolio-export`: the same bytes as before it stopped building the whole site."""

import hashlib

import pytest
from pelican import Pelican

from tests.sites import DEMO_KEYS, DEMO_SECRET, ROOT, invoke

# sha256 of exports/<class>-<student>/index.html for the demo school, computed with the export
# that built the whole site (commit 04e0273), and again when only the inlined homeroom.css
# changed (the recordings' player styles, then clips sized like photos): the export made
# alone must give the same bytes.
DEMO_EXPORTS = {
    "grade-3b/ana": "98fbca9a3dcd54f1b84054bdfb0954cb7fa1997f5f8da3adebe8b6598c1c14c7",
    "grade-3b/leo": "289d053305e9a0029fbab373f24603d5841d4a8aa6405374071360ffdc02d8d5",
    "grade-5a/omar": "7301fd4b5614f9462824db30fda54af4909b662d18ae83ec8a42af7bbe44ebbe",
    "kindergarten-sunflowers/linh": (
        "9dd4e838b7ed029379443f48b1c894e137611c10124eca6ebc1b7e9825c886d0"
    ),
}
DEMO_ENV = {"HOMEROOM_SECRET": DEMO_SECRET, "HOMEROOM_FAMILY_KEYS": str(DEMO_KEYS), "SITEURL": ""}


@pytest.mark.parametrize("student", sorted(DEMO_EXPORTS))
def test_demo_export_has_the_same_bytes(tmp_path, student):
    result = invoke(
        "portfolio-export", "--student", student, "--output", str(tmp_path), env=DEMO_ENV
    )
    assert result.returncode == 0, result.stderr
    index = tmp_path / student.replace("/", "-") / "index.html"
    assert hashlib.sha256(index.read_bytes()).hexdigest() == DEMO_EXPORTS[student]
    assert (tmp_path / f"{student.replace('/', '-')}.zip").is_file()


def test_the_export_builds_no_site(tmp_path, monkeypatch):
    import tasks

    builds = []
    monkeypatch.setattr(Pelican, "run", lambda pelican: builds.append(pelican))
    monkeypatch.chdir(ROOT)
    for name, value in DEMO_ENV.items():
        monkeypatch.setenv(name, value)
    tasks.portfolio_export.body(None, student="grade-3b/leo", output=str(tmp_path / "exports"))
    assert builds == []
    index = tmp_path / "exports" / "grade-3b-leo" / "index.html"
    digest = hashlib.sha256(index.read_bytes()).hexdigest()
    assert digest == DEMO_EXPORTS["grade-3b/leo"]


def test_the_export_makes_only_that_childs_photos(tmp_path, monkeypatch):
    import tasks
    from homeroom_portfolio.export import export_portfolio
    from homeroom_portfolio.policy import student_photos
    from homeroom_school.reading.loading import load_school

    monkeypatch.chdir(ROOT)
    for name, value in DEMO_ENV.items():
        monkeypatch.setenv(name, value)
    cache = tmp_path / "cache"
    settings = tasks.pelican_settings(
        tasks.DEV_SETTINGS, "content", "output", CACHE_PATH=str(cache)
    )
    config = tasks.task_config(settings)
    export_portfolio(settings, config, "grade-3b/ana", tmp_path / "ana")
    school = load_school(config)
    ana = {use.source for use in student_photos(school, school.students["grade-3b/ana"])}
    every = {use.source for use in school.photos.values()}
    assert 0 < len(ana) < len(every)
    assert len(list((cache / "homeroom-photos").iterdir())) == len(ana)
