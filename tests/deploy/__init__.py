"""Offline checks of the Kubernetes deployment, the image and the metric catalogue."""
