"""The ways a notification reaches a person outside the portal, each registered by name.

The portal itself (the bell and its list) always has every notification. Email is delivered by
this app; other channels (web push) are apps of their own that register a function here from
their ``AppConfig.ready()``: ``register_channel("push", send)``, where ``send(notifications)``
delivers a list of one person's notifications. A person's preferences name the channel; a
channel not registered delivers nothing.
"""

from collections.abc import Callable, Sequence

CHANNELS: dict[str, Callable[[Sequence], None]] = {}


def register_channel(name: str, send: Callable[[Sequence], None]) -> None:
    CHANNELS[name] = send


def channel(name: str) -> Callable[[Sequence], None] | None:
    return CHANNELS.get(name)
