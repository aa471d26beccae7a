"""The runner (§7): scheduling, the call path, records, resume, the response cache and progress."""
