"""A listening turn: when an answer is over, and the spoken commands that steer a turn."""
