"""Read-side queries: what the pages show, in a fixed number of SQL statements."""
