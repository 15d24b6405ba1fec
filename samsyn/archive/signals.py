"""What the archive tells the apps above it; it names none of them.

`document_saved` is sent by the archive's services once a document and all its links (initiatives,
meetings, versions) are saved, in the same transaction: a post_save of the Document itself comes
before its links are set. The search index listens (samsyn.search.signals).
"""

from django.dispatch import Signal

# sender=Document, document=<Document>
document_saved = Signal()
