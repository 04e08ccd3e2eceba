"""Builders: turn a simulated Trajectory into rows of every operational table, in bulk."""
