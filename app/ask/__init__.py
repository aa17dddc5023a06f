"""Ask a lecture: questions answered from the lecture's own words, each answer citing them."""
