"""Decision support no rules engine offers: the margin of every award, how robust measure 1 is to its
weights and readings, and what changes between two runs.

Pure functions over conformed frames, a `Policy` and the rules' outputs; every answer comes from
re-running the rules themselves (jncli.rules) on changed inputs, never from arithmetic of their own.
No file access, no printing, no typer: the steps (jncli.steps) call these, the commands write the result.
"""
