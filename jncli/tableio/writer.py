"""Writing tables (stub: being written)."""
def write_table(frame, opts): raise NotImplementedError
def write_file(frame, path, fmt=None): raise NotImplementedError
def sink_file(lazy, path, fmt=None): raise NotImplementedError
