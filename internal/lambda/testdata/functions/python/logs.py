import logging


def handler(event, context):
    """Logs as a Lambda user would: basicConfig first (ignored on Lambda,
    where the runtime's root handler exists), then setLevel(INFO)."""
    logging.basicConfig(level=logging.DEBUG, format="BASIC %(message)s")
    logging.debug("debug-before-setlevel")
    logging.info("info-before-setlevel")
    logging.getLogger().setLevel(logging.INFO)
    logging.info("info-after-setlevel")
    logging.getLogger("app").warning("warning-of-a-child")
    return {"requestId": context.aws_request_id}
