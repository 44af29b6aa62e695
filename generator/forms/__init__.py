"""Word-authored forms: documents whose form an analyst designs in Word
(docxtpl tags in a ``.docx`` under the project's ``templates/word/``), filled
from the same assembled content as every other document (:mod:`.fill`), and
read back into the document model for their PDF and HTML (:mod:`.read`)."""
