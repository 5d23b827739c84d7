"""A synthetic but realistic corpus of statistical releases with the facts each one states (for bench/)."""
