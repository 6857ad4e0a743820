"""Rules: one module per thing recognised in a bulletin (masthead, toc, section, title, ...)."""

# Seconds any one pattern may spend on one piece of text. Every pattern here is written so that it
# cannot backtrack catastrophically; this is the last guard (the regex module's timeout) for the few
# that scan text of unbounded length with alternations, should a future edit get that wrong.
REGEX_TIMEOUT = 2.0
