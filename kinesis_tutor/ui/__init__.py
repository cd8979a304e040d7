"""The Rich and questionary layer: everything that draws on or reads from a terminal."""
