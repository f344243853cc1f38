"""Routes of the staff area, one module per page group; each reads the request, calls services
and renders."""
