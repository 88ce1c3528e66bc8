"""What tests and demos use instead of real providers: the fake LLM server and its transport."""
