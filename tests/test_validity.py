"""HTML validity of the whole demo site by the Nu HTML checker (vnu.jar)."""

import pytest

from tests.tools import nu_check

# Slow: the Nu HTML checker over the demo school.
pytestmark = pytest.mark.slow


def test_demo_site_has_no_nu_checker_errors(demo_site):
    messages = nu_check(demo_site)
    assert [(m.get("url", "").split("/output/")[-1], m.get("message")) for m in messages] == []
