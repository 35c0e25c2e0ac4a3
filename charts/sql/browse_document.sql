-- browse_document: one document ($1: documents.id).
SELECT * FROM documents WHERE id = $1
