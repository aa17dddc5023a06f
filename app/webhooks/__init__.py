"""Webhooks: `lecture.done` and `lecture.failed` sent to the URLs people register, signed per Standard
Webhooks, recorded once per run and delivered by the worker with back-off."""
