"""Joint punishment (联合惩戒): measures per list type, the query service for other departments, feedback."""
