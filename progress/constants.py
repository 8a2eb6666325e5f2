"""The numbers and codes of progress tracking, in one place."""

# The frameworks' codes (their data: progress/frameworks.py).
DEVELOPMENT_MATTERS = "dm2023"
BIRTH_TO_5_MATTERS = "b5m2021"

# The cohort view shows a group of fewer children than this with its counts but without
# percentages: a share of two or three children says little and can point at a child.
MIN_GROUP_SIZE = 5
