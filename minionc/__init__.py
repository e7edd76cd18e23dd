"""minionc: compile prompt programs that split work between a local and a remote model."""

__version__ = "0.1.0"
