"""Jobs: posting, editing, publishing, closing and reading them."""
