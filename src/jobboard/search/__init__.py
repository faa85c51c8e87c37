"""Search and discovery: job search with facets, autocomplete and category figures."""
