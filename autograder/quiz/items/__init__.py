"""Quiz item types, one module each; `REGISTRY` maps a bank's `type` to its class.

Importing this package imports every module in it, so a new type is one module here (a
subclass of `Item` setting `kind`) plus its snippet `templates/items/<kind>.j2`, and, when
its answers take a new form, a reader in `autograder/student/forms.py`.
"""

from __future__ import annotations

import importlib
import pkgutil

from autograder.quiz.items.base import REGISTRY, Item, ItemResult, Variant

for _module in pkgutil.iter_modules(__path__):
    importlib.import_module(f"{__name__}.{_module.name}")

__all__ = ["REGISTRY", "Item", "ItemResult", "Variant"]
