"""What `invoke new` writes: for each kind of file, its folder in the class and its first
lines, ready for the teacher to fill in (a valid file as it is)."""

# kind -> (folder in the class, template)
KINDS = {
    "news": (
        "news",
        "Title: {title}\nDate: {date}\nSummary: One sentence that families see in lists and "
        "emails.\n\nWrite your post here. Leave a blank line between paragraphs.\n",
    ),
    "entry": (
        "portfolio/{student}",
        "Title: {title}\nDate: {date}\nGoals: \nImage: \nImage-Alt: \n\nWhat your student did, "
        "what it shows about the goals above (ids from class.yml), and the next step.\n",
    ),
    "event": (
        "events",
        "Title: {title}\nStart: {date} 18:00\nEnd: 19:00\nLocation: \nSummary: One sentence "
        "for lists and calendars.\n\nWhat families need to know: who it is for, what to bring."
        "\n\nFor an all-day event, write `Start: {date}` alone (and `End:` its last day).\n",
    ),
}
