"""One module per CLI command group: each wires the core, the store and the UI."""
