"""Teachers' and administrators' accounts."""
