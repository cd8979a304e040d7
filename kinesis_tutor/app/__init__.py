"""Use cases: each takes a store (and a prompter or clock where it needs one) and returns data; never prints."""
