"""One partition per file in the raw directory; the key is the file's path relative to it."""

from dagster import DynamicPartitionsDefinition

documents_partitions = DynamicPartitionsDefinition(name="documents")
