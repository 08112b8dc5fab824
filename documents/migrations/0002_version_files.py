"""A version becomes one generation of a document kind with its files (PDF and DOCX rendered together
from one snapshot). Each existing row keeps its version and becomes a version with one file: what was
generated before stays as it was printed (a DOCX v1 and a PDF v2 remain two versions)."""

import django.db.models.deletion
from django.db import migrations, models

import documents.models


def files_from_rows(apps, schema_editor):
    GeneratedDocument = apps.get_model("documents", "GeneratedDocument")
    DocumentFile = apps.get_model("documents", "DocumentFile")
    DocumentFile.objects.bulk_create([
        DocumentFile(document_id=row.pk, format=row.format, file=row.file.name, display_name=row.display_name,
                     size=row.size, checksum=row.checksum)
        for row in GeneratedDocument.objects.all().iterator()
    ], batch_size=500)


def rows_from_files(apps, schema_editor):
    GeneratedDocument = apps.get_model("documents", "GeneratedDocument")
    DocumentFile = apps.get_model("documents", "DocumentFile")
    for row in GeneratedDocument.objects.all().iterator():
        # Back to one file per row: the PDF where a version has both (the DOCX file stays in storage).
        first = DocumentFile.objects.filter(document_id=row.pk).order_by("-format").first()
        if first is None:
            row.delete()
            continue
        row.format, row.file, row.display_name = first.format, first.file.name, first.display_name
        row.size, row.checksum = first.size, first.checksum
        row.save(update_fields=["format", "file", "display_name", "size", "checksum"])


class Migration(migrations.Migration):

    dependencies = [
        ('documents', '0001_initial'),
    ]

    operations = [
        migrations.CreateModel(
            name='DocumentFile',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('format', models.CharField(choices=[('pdf', 'PDF'), ('docx', 'DOCX')], max_length=4, verbose_name='format')),
                ('file', models.FileField(max_length=200, upload_to=documents.models.document_path, verbose_name='file')),
                ('display_name', models.CharField(max_length=200, verbose_name='file name')),
                ('size', models.PositiveIntegerField(verbose_name='size (bytes)')),
                ('checksum', models.CharField(max_length=64, verbose_name='SHA-256')),
                ('document', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='files', to='documents.generateddocument', verbose_name='document')),
            ],
            options={
                'verbose_name': 'document file',
                'verbose_name_plural': 'document files',
                'ordering': ['document_id', '-format'],
                'constraints': [models.UniqueConstraint(fields=('document', 'format'), name='document_file_format_unique')],
            },
        ),
        # Nullable on the way out, so that going back can re-add the columns before they are filled again.
        migrations.AlterField(model_name='generateddocument', name='format',
                              field=models.CharField(choices=[('docx', 'DOCX'), ('pdf', 'PDF')], max_length=4, null=True,
                                                     verbose_name='format')),
        migrations.AlterField(model_name='generateddocument', name='file',
                              field=models.FileField(max_length=200, null=True, upload_to=documents.models.document_path,
                                                     verbose_name='file')),
        migrations.AlterField(model_name='generateddocument', name='display_name',
                              field=models.CharField(max_length=200, null=True, verbose_name='file name')),
        migrations.AlterField(model_name='generateddocument', name='size',
                              field=models.PositiveIntegerField(null=True, verbose_name='size (bytes)')),
        migrations.AlterField(model_name='generateddocument', name='checksum',
                              field=models.CharField(max_length=64, null=True, verbose_name='SHA-256')),
        migrations.RunPython(files_from_rows, rows_from_files),
        migrations.RemoveField(
            model_name='generateddocument',
            name='checksum',
        ),
        migrations.RemoveField(
            model_name='generateddocument',
            name='display_name',
        ),
        migrations.RemoveField(
            model_name='generateddocument',
            name='file',
        ),
        migrations.RemoveField(
            model_name='generateddocument',
            name='format',
        ),
        migrations.RemoveField(
            model_name='generateddocument',
            name='size',
        ),
    ]
