"""Training modules (培训专题): ``modules/<id>.yaml`` files written by trainers.

Loading and checking live in ``load``, pages in ``pages``. Importing this
package registers the extension (validation), the module pages and the
"used in modules" list on case pages.
"""

from __future__ import annotations

from ..load.extensions import EXTENSIONS
from ..render.pages import CASE_CONTEXT_PROVIDERS, EXTRA_PAGES
from .load import MODULES_DIR, Module, check_module, load_modules, modules_of
from .pages import MODULE_INDEX, case_anchor, key_figures, module_pages, module_src, modules_using

EXTENSIONS.append(load_modules)
EXTRA_PAGES.append(module_pages)
CASE_CONTEXT_PROVIDERS.append(modules_using)

__all__ = [
    "MODULES_DIR", "MODULE_INDEX", "Module", "case_anchor", "check_module", "key_figures",
    "load_modules", "module_pages", "module_src", "modules_of", "modules_using",
]
