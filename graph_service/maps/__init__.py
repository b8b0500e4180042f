"""Interactive network maps: pure functions from analysed data to self-contained HTML pages."""
