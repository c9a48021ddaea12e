"""HTML validity of the whole demo site by the Nu HTML checker (vnu.jar)."""

from tests.tools import nu_check


def test_demo_site_has_no_nu_checker_errors(demo_site):
    messages = nu_check(demo_site)
    assert [(m.get("url", "").split("/output/")[-1], m.get("message")) for m in messages] == []
