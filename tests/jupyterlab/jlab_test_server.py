"""Notebook 6.4 server extension for tests/test_jupyterlab.py: serves the live JupyterLab page built into
tests/jupyterlab/build/ at <base_url>jlab-test/ (the page needs the token, like any notebook page), its scripts at
<base_url>jlab-test/static/.

Enable it with ``--NotebookApp.nbserver_extensions={'jlab_test_server': True}`` and this folder on PYTHONPATH.
"""
import json
import os

import tornado.web
from notebook.base.handlers import IPythonHandler
from notebook.utils import url_path_join

BUILD = os.path.join(os.path.dirname(os.path.abspath(__file__)), "build")

PAGE = """<!doctype html>
<html>
<head>
<meta charset="utf-8">
<title>java-gpu live notebook</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="{static}live.css">
<script id="jupyter-config-data" type="application/json">{config}</script>
<style>
html, body {{ margin: 0; height: 100%; overflow: hidden; }}
#notebook {{ position: absolute; inset: 0; }}
#notebook > .jp-NotebookPanel {{ position: absolute; inset: 0; }}
</style>
</head>
<body class="jp-ThemedContainer">
<div id="notebook"></div>
<script src="{static}live.js"></script>
</body>
</html>
"""


class PageHandler(IPythonHandler):
    @tornado.web.authenticated
    def get(self):
        base = self.base_url
        config = {
            "baseUrl": base,
            "wsUrl": "",
            "token": self.token or "",
            "appName": "java-gpu live test",
            "terminalsAvailable": "false",
        }
        # "</" cannot end the script element early: JSON allows "<\/".
        text = json.dumps(config).replace("</", "<\\/")
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.finish(PAGE.format(static=url_path_join(base, "jlab-test", "static") + "/", config=text))


def load_jupyter_server_extension(nbapp):
    base = nbapp.web_app.settings["base_url"]
    route = url_path_join(base, "jlab-test")
    nbapp.web_app.add_handlers(".*$", [
        (route + "/?", PageHandler),
        (route + "/static/(.*)", tornado.web.StaticFileHandler, {"path": BUILD}),
    ])
    nbapp.log.info("jlab_test_server: JupyterLab test page at %s/", route)
