"""Places: the bundled gazetteer of world cities behind location search and the demo data."""
