"""Routes of the supporter pages, one module per step of the journey."""
