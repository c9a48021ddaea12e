"""`invoke portfolio-export`: the same bytes as before it stopped building the whole site."""

import hashlib

import pytest
from pelican import Pelican

from tests.sites import DEMO_KEYS, DEMO_SECRET, ROOT, invoke

# sha256 of exports/<class>-<student>/index.html for the demo school, computed with the export
# that built the whole site (commit 04e0273), and again when only the inlined homeroom.css
# changed (the recordings' player styles): the export made alone must give the same bytes.
DEMO_EXPORTS = {
    "grade-3b/ana": "4906f28b8bf7125e833639b9998531085d179c1a3bb5052780882f21c89458c1",
    "grade-3b/leo": "3cbc9b15bb2c04636e7769976142cecd1377707d8674373595aa947cd568b34d",
    "grade-5a/omar": "f95609ac0e40124e1559f7d8527dfde54ea731e2609c6cf4dbc5694f05a14838",
    "kindergarten-sunflowers/linh": (
        "cf378d9a143d686448e39376432a03778596341711fcbfdccd5bcce5dbba9edb"
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
