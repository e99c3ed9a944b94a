"""Text search helpers shared by every searchable referential."""
