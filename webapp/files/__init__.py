"""The file store: files a job writes and any web worker can stream out."""
