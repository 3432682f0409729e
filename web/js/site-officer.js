// Officer pages of this area (hash routes); filled in by its issue work.
