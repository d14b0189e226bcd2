"""The import history and staged uploads (models); the importer is papers.services.importing."""
