"""What search engines and feed readers are told about: the public pages in sitemaps."""
