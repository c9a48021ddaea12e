"""Starting a school and a class: starters, first steps, `invoke start`."""
