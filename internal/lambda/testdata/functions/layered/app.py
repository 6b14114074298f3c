import importlib
import os
import shutil


def handler(event, context):
    """Reports, for each module name in event["imports"], its WHO (or
    "ImportError"), what PATH finds of a layer's bin, and whether apigw's
    private variable leaked."""
    found = {}
    for name in event.get("imports") or []:
        try:
            found[name] = getattr(importlib.import_module(name), "WHO", "ok")
        except ImportError:
            found[name] = "ImportError"
    return {
        "imports": found,
        "which": shutil.which("layertool") or "",
        "ldLibraryPath": os.environ.get("LD_LIBRARY_PATH", ""),
        "leaked": "_APIGW_LAYER_PYTHONPATH" in os.environ,
    }
