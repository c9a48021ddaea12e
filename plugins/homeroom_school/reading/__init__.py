"""Reading content/ into the school model: discover, parse, read, group, resolve."""
