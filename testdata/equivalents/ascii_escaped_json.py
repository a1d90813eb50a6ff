"""Every answer written with JSON escapes for all non-ASCII text and for the HTML characters."""
import json
import sys
import _path  # noqa: F401
import mutant


class Escaping:
    def write(self, s):
        obj = json.loads(s)
        text = json.dumps(obj, ensure_ascii=True).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
        sys.__stdout__.write(text + "\n")

    def flush(self):
        sys.__stdout__.flush()


sys.stdout = Escaping()
mutant.run()
