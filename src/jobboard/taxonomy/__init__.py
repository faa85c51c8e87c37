"""Categories and skills: the vocabulary that search, analysis and matching share."""
