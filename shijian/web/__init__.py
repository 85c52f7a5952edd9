"""The web site: public pages, sign-in, the officer workbench, object history."""
