"""What QGIS itself reads from our GeoPackages: default styles with temporal settings, and the dates they filter.

Runs where QGIS's Python bindings are installed for the system Python (Debian: ``apt-get install
python3-qgis qgis-providers``), in a subprocess with the offscreen Qt platform; skipped elsewhere.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess

import pytest
import shapely

from geo.changes import diff, write_diff
from geo.control import ControlLayer

SYSTEM_PYTHON = "/usr/bin/python3"

_CHECK = r"""
import json, sys
from qgis.core import (QgsApplication, QgsDateTimeRange, QgsFeatureRequest, QgsVectorLayer,
                       QgsVectorLayerTemporalContext)
from qgis.PyQt.QtCore import QDate, QDateTime, QTime
app = QgsApplication([], False)
app.initQgis()
out = {}
for name in ("changes", "series"):
    layer = QgsVectorLayer(f"{sys.argv[1]}|layername={name}", name, "ogr")
    layer.loadDefaultStyle()
    props = layer.temporalProperties()
    ctx = QgsVectorLayerTemporalContext()
    ctx.setLayer(layer)
    shown = {}
    for day in sys.argv[2:]:
        y, m, d = map(int, day.split("-"))
        noon = QgsDateTimeRange(QDateTime(QDate(y, m, d), QTime(12, 0)), QDateTime(QDate(y, m, d), QTime(13, 0)))
        request = QgsFeatureRequest().setFilterExpression(props.createFilterString(ctx, noon))
        shown[day] = sorted(str(f["valid_from"]) + ":" + str(f[1]) for f in layer.getFeatures(request))
    out[name] = {"active": props.isActive(), "renderer": layer.renderer().type(), "shown": shown}
print(json.dumps(out), flush=True)
import os
os._exit(0)  # QGIS may crash while tearing down in a bare script; the answer is out
"""


def _has_qgis() -> bool:
    if not shutil.which(SYSTEM_PYTHON):
        return False
    return subprocess.run([SYSTEM_PYTHON, "-c", "import qgis.core"], capture_output=True).returncode == 0


@pytest.mark.skipif(not _has_qgis(), reason="QGIS Python bindings not installed (apt-get install python3-qgis)")
def test_qgis_reads_the_stored_temporal_styles(tmp_path):
    old = ControlLayer((shapely.box(37.3, 47.6, 37.9, 48.1),), ("occupied",), "a", "2024-11-01", "generic")
    new = ControlLayer((shapely.box(37.4, 47.6, 38.0, 48.1),), ("occupied",), "b", "2024-11-02", "generic")
    gpkg = write_diff(diff(old, new, ["UA-14"]), tmp_path / "d.gpkg", "gpkg", layers=(old, new))
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_RUNTIME_DIR": str(tmp_path)}
    res = subprocess.run([SYSTEM_PYTHON, "-c", _CHECK, str(gpkg), "2024-11-01", "2024-11-02", "2024-11-03"],
                         capture_output=True, text=True, env=env, timeout=120)
    assert res.returncode == 0, res.stderr
    found = json.loads(res.stdout.strip().splitlines()[-1])
    assert found["changes"]["active"] and found["changes"]["renderer"] == "categorizedSymbol"
    assert found["series"]["active"]
    assert found["series"]["shown"] == {"2024-11-01": ["2024-11-01:2024-11-01"], "2024-11-02": ["2024-11-02:2024-11-02"],
                                        "2024-11-03": []}
    assert [len(v) for v in found["changes"]["shown"].values()] == [0, 2, 0], "gains and losses show with the new day"


_CLAIMS = r"""
import json, sys
from qgis.core import QgsApplication, QgsVectorLayer
app = QgsApplication([], False)
app.initQgis()
layer = QgsVectorLayer(f"{sys.argv[1]}|layername=claims", "claims", "ogr")
message, loaded = layer.loadDefaultStyle()
features = list(layer.getFeatures())
print(json.dumps({"valid": layer.isValid(), "styled": loaded, "colour": layer.renderer().symbol().color().name(),
                  "ids": sorted(str(f["claim_id"]) for f in features),
                  "drawn": sum(1 for f in features if not f.geometry().isEmpty())}), flush=True)
import os
os._exit(0)
"""


@pytest.mark.skipif(not _has_qgis(), reason="QGIS Python bindings not installed (apt-get install python3-qgis)")
def test_qgis_draws_the_claims_view_styled(seed_doc, tmp_path):
    """The claims layer is a view over rows and their distinct shapes: QGIS opens it styled, every claim drawn."""
    from geo.export import write_export
    from geo.render import STYLE

    gpkg = write_export(seed_doc, tmp_path / "seed.gpkg")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_RUNTIME_DIR": str(tmp_path)}
    res = subprocess.run([SYSTEM_PYTHON, "-c", _CLAIMS, str(gpkg)], capture_output=True, text=True, env=env,
                         timeout=120)
    assert res.returncode == 0, res.stderr
    found = json.loads(res.stdout.strip().splitlines()[-1])
    assert found["valid"] and found["styled"] and found["colour"] == STYLE["claimed"]
    assert found["ids"] == sorted(c.id for c in seed_doc.claims)
    assert found["drawn"] == sum(1 for c in seed_doc.claims if c.regions)
