"""The Qt window: a thin view that walks a person through the flows held by the core."""
