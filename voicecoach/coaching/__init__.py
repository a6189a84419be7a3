"""Coaching on an answer: delivery, the questions asked, role-play, retries, and the feedback's wording."""
