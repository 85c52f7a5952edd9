"""Management commands of the core app (`shijian <command>`)."""
