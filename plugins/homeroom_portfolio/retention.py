"""The retention schedule: a class's portfolios stay online until some days after its year.

class.yml's `year_ends` is the school year's last day; HOMEROOM_PORTFOLIO_RETENTION_DAYS (30)
more days later, the build's today is past the last day its portfolios are online, and no
page of them is written (locked shells and `link` pages alike): their addresses answer 404.
Pure decisions and one log line per class; `invoke year-end` hands families their copies.
"""

import logging
from datetime import date, timedelta
from pathlib import Path

from homeroom_school.model import School, SchoolClass
from homeroom_school.problems import shown_path

logger = logging.getLogger(__name__)


def last_day_online(school_class: SchoolClass, retention_days: int) -> date | None:
    """The last day the class's portfolios are published, or None: no year_ends, no end."""
    if school_class.year_ends is None:
        return None
    return school_class.year_ends + timedelta(days=retention_days)


def ended_classes(school: School, today: date, retention_days: int) -> dict[str, date]:
    """The classes whose portfolios are past their last day online: id -> that last day."""
    ended = {}
    for class_id, school_class in school.classes.items():
        last = last_day_online(school_class, retention_days)
        if last is not None and today > last:
            ended[class_id] = last
    return ended


def ended_portfolios(school: School, today: date, retention_days: int, content: Path) -> set:
    """The ids of the classes with students whose portfolios are past their last day online,
    each said once, naming its class.yml (`content`: the content folder), as a warning: the
    build goes on, it is the schedule working, not a mistake."""
    ended = ended_classes(school, today, retention_days)
    with_students = {student.class_id for student in school.students.values()}
    for class_id in sorted(with_students & ended.keys()):
        school_class = school.classes[class_id]
        logger.warning(
            "%s: the school year ended on %s and its portfolios were online until %s "
            "(HOMEROOM_PORTFOLIO_RETENTION_DAYS: %d), so none of them is published any more; "
            "`invoke year-end --class %s` hands each family its copy and removes the sources",
            shown_path(content, school_class.source),
            school_class.year_ends.isoformat(),
            ended[class_id].isoformat(),
            retention_days,
            class_id,
        )
    return with_students & ended.keys()
