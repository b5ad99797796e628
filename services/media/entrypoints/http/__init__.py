"""The media service's HTTP data plane: signed uploads and downloads, streamed."""
