"""Excel import of tasks (issue 14): a template, reading and checking every row, then
creating all rows in one transaction through tasks.services, or none."""
