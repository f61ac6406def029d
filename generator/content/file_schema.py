"""What the model says about the keys of a content file, for writing it in place (``yaml_splice.Schema``): the
order of its fields, which are Markdown and which are written in flow notation. Used by the form's save
(``editors.roundtrip``) and by ``wegweiser import``."""

from __future__ import annotations

from pathlib import PurePosixPath

from wegweiser.content.yaml_splice import Path, Schema
from wegweiser.model.entries import ENTRY_TYPES, Obj, Quartier, Seite, Site, content_fields
from wegweiser.model.fields import FieldSpec, Markdown


def _model(path: str) -> type | None:
    """The model class of the file at ``path`` (a path inside the project, as the form names it)."""
    parts = PurePosixPath(path).parts
    name = parts[-1] if parts else ""
    if len(parts) >= 2 and parts[-2] in ENTRY_TYPES and parts[0] in ("content", "quartiere"):
        return ENTRY_TYPES[parts[-2]]
    if name.startswith("quartier.") and parts[0] == "quartiere":
        return Quartier
    if name.startswith("site.") and parts[0] == "content":
        return Site
    if len(parts) >= 2 and parts[-2] == "seiten":
        return Seite
    return None


def _spec(cls: type | None, keys: Path) -> tuple[type | None, FieldSpec | None]:
    spec: FieldSpec | None = None
    for key in keys:
        specs = dict(content_fields(cls)) if cls is not None else {}
        spec = specs.get(key)
        cls = spec.type.cls if spec is not None and isinstance(spec.type, Obj) else None
    return cls, spec


def schema_for(path: str) -> Schema:
    """What the model says about the keys of the file at ``path`` (order, Markdown, flow notation)."""
    root = _model(path)

    def order(keys: Path) -> list[str] | None:
        cls = _spec(root, keys)[0] if keys else root
        return [name for name, _ in content_fields(cls)] if cls is not None else None

    def markdown(keys: Path) -> bool:
        spec = _spec(root, keys)[1] if keys else None
        return spec is not None and isinstance(spec.type, Markdown)

    def flow(keys: Path) -> bool:
        spec = _spec(root, keys)[1] if keys else None
        return spec is not None and spec.example.startswith(("{", "["))

    return Schema(order, markdown, flow)
