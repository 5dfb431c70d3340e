"""The only writers: each function makes one change, records who made it, and commits."""
