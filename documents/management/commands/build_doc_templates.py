"""Write the DOCX templates of the enforcement documents (documents.docx_templates)."""

from pathlib import Path

from django.core.management.base import BaseCommand

from documents.docx_templates import BUILT_IN_DIR, build_all


class Command(BaseCommand):
    help = ("Write the docxtpl templates of the enforcement documents (执行通知书, 报告财产令, 限制消费令, 终本裁定书, "
            "指定执行决定书, 利息计算表) to documents/templates_docx/, or to --output. A court edits a copy in Word and "
            "puts it in the override folder (settings.DOCUMENT_TEMPLATE_DIR).")

    def add_arguments(self, parser):
        parser.add_argument("--output", type=Path, default=BUILT_IN_DIR, help="Folder to write the .docx files to.")

    def handle(self, *args, output: Path, **options):
        for path in build_all(output):
            self.stdout.write(f"wrote {path}")
