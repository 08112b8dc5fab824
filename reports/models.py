"""Reports read the other apps' tables through selectors; they own no tables yet."""
