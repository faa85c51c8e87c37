"""Companies, their public page and their members."""
