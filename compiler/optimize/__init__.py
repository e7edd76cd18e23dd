"""The optimizer: `minionc optimize` searches a program's knobs, placements and
decomposition rewrites for the plan with the fewest remote tokens whose measured
quality clears the user's constraint."""
