"""Write use cases, one function each; views and management commands call these."""
