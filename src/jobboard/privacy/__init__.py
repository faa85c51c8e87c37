"""Personal-data rights: exporting everything held about a person, and erasing it."""
