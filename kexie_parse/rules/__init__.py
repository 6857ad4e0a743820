"""Rules: one module per thing recognised in a bulletin (masthead, toc, section, title, ...)."""
