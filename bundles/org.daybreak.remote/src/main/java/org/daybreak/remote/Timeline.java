package org.daybreak.remote;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.daybreak.core.json.Json;

/**
 * Jobs laid out per worker in time: one lane per worker, one bar per job from {@code started} to {@code finished}
 * (or now, while running), with the wait in the queue ({@code queued} to {@code started}) drawn faintly before it.
 * The same data serves {@code jobs timeline --json}, the self-contained HTML page of {@code --html} and the Jobs
 * view's lanes. Times are milliseconds since the epoch.
 */
public final class Timeline {
    /** One job's bar. */
    public record Bar(String id, String kind, String state, int attempts, long queued, long started, long finished,
            String error) {
    }

    private final Map<String, List<Bar>> lanes = new TreeMap<>();
    private long start = Long.MAX_VALUE;
    private long end = Long.MIN_VALUE;

    public Timeline(List<JobRecord> records) {
        long now = System.currentTimeMillis();
        for (JobRecord r : records) {
            if (r.started == null || r.worker == null) {
                continue; // never ran: no lane to draw it in
            }
            long q = r.queued == null ? Wire.millis(r.started) : Wire.millis(r.queued);
            long s = Wire.millis(r.started);
            long f = r.finished == null ? now : Wire.millis(r.finished);
            lanes.computeIfAbsent(r.worker, k -> new ArrayList<>())
                    .add(new Bar(r.id, r.kind, r.state, r.attempts, q, s, Math.max(s, f), r.error));
            start = Math.min(start, q);
            end = Math.max(end, Math.max(s, f));
        }
        for (List<Bar> l : lanes.values()) {
            l.sort((x, y) -> Long.compare(x.started(), y.started()));
        }
        if (lanes.isEmpty()) {
            start = end = now;
        }
    }

    public Map<String, List<Bar>> lanes() {
        return lanes;
    }

    public long start() {
        return start;
    }

    public long end() {
        return end;
    }

    /** Fraction of [start, end] a worker spent running jobs (overlapping bars of several threads count once). */
    public double busy(String worker) {
        List<Bar> l = lanes.get(worker);
        if (l == null || end <= start) {
            return 0;
        }
        long busy = 0;
        long covered = Long.MIN_VALUE;
        for (Bar b : l) {
            long s = Math.max(b.started(), covered);
            if (b.finished() > s) {
                busy += b.finished() - s;
            }
            covered = Math.max(covered, b.finished());
        }
        return (double) busy / (end - start);
    }

    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("start", Wire.time(start));
        m.put("end", Wire.time(end));
        List<Object> ls = new ArrayList<>();
        for (Map.Entry<String, List<Bar>> e : lanes.entrySet()) {
            Map<String, Object> lane = new LinkedHashMap<>();
            lane.put("worker", e.getKey());
            lane.put("busy", busy(e.getKey()));
            List<Object> jobs = new ArrayList<>();
            for (Bar b : e.getValue()) {
                Map<String, Object> j = new LinkedHashMap<>();
                j.put("id", b.id());
                j.put("kind", b.kind());
                j.put("state", b.state());
                j.put("attempts", b.attempts());
                j.put("queued", Wire.time(b.queued()));
                j.put("started", Wire.time(b.started()));
                j.put("finished", Wire.time(b.finished()));
                jobs.add(j);
            }
            lane.put("jobs", jobs);
            ls.add(lane);
        }
        m.put("lanes", ls);
        return m;
    }

    /** One line per worker: jobs, busy share, longest job. */
    public String summary() {
        StringBuilder b = new StringBuilder();
        if (lanes.isEmpty()) {
            return "no job has run on a worker yet\n";
        }
        b.append(String.format(Locale.ROOT, "%d jobs from %s to %s (%.3f s)%n", lanes.values().stream()
                .mapToInt(List::size).sum(), Wire.time(start), Wire.time(end), (end - start) / 1000.0));
        for (Map.Entry<String, List<Bar>> e : lanes.entrySet()) {
            Bar longest = e.getValue().stream().max((x, y) -> Long.compare(x.finished() - x.started(),
                    y.finished() - y.started())).orElseThrow();
            b.append(String.format(Locale.ROOT, "  %-20s %6d jobs  busy %5.1f %%  longest %s (%s, %.3f s)%n",
                    e.getKey(), e.getValue().size(), 100 * busy(e.getKey()), longest.id(), longest.kind(),
                    (longest.finished() - longest.started()) / 1000.0));
        }
        return b.toString();
    }

    /**
     * A self-contained HTML page (no external files or scripts): lanes of bars coloured by kind or state (a
     * switch), wheel to zoom, drag to pan, hover for the job.
     */
    public String html() {
        String data = Json.write(toJson()).replace("</", "<\\/");
        return """
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8"><title>Daybreak jobs timeline</title>
                <style>
                body{font:13px system-ui,sans-serif;margin:16px;color:#222}
                #c{border:1px solid #bbb;width:100%;height:auto;cursor:grab}
                #tip{position:fixed;pointer-events:none;background:#fffbe6;border:1px solid #aaa;padding:4px 6px;
                     display:none;font:12px monospace;white-space:pre}
                .legend span{display:inline-block;margin-right:12px}
                .legend i{display:inline-block;width:12px;height:12px;margin-right:4px;vertical-align:middle}
                </style></head><body>
                <h2>Daybreak jobs timeline</h2>
                <div>Colour by <select id="by"><option>kind</option><option>state</option></select>
                &nbsp; wheel: zoom &nbsp; drag: pan &nbsp; double-click: reset &nbsp; <span id="span"></span></div>
                <div class="legend" id="legend"></div>
                <canvas id="c" width="1200" height="200"></canvas><div id="tip"></div>
                <script>
                const T=__DATA__;
                const ms=s=>Date.parse(s);
                const lanes=T.lanes, t0=ms(T.start), t1=Math.max(ms(T.end),t0+1);
                let v0=t0, v1=t1, by='kind', drag=null;
                const cv=document.getElementById('c'), g=cv.getContext('2d'), tip=document.getElementById('tip');
                const LH=28, LEFT=170, TOP=24;
                cv.height=TOP+LH*Math.max(1,lanes.length)+10;
                const pal=['#4e79a7','#f28e2b','#59a14f','#b07aa1','#edc948','#76b7b2','#ff9da7','#9c755f'];
                const stateCol={done:'#59a14f',failed:'#e15759',cancelled:'#9c9c9c',running:'#4e79a7',queued:'#edc948'};
                const kinds=[...new Set(lanes.flatMap(l=>l.jobs.map(j=>j.kind)))];
                const col=j=>by==='kind'?pal[kinds.indexOf(j.kind)%pal.length]:(stateCol[j.state]||'#888');
                const X=t=>LEFT+(t-v0)/(v1-v0)*(cv.width-LEFT-10);
                function legend(){const keys=by==='kind'?kinds:Object.keys(stateCol);
                  document.getElementById('legend').innerHTML=keys.map(k=>'<span><i style="background:'+
                  (by==='kind'?pal[kinds.indexOf(k)%pal.length]:stateCol[k])+'"></i>'+k+'</span>').join('');}
                function draw(){g.clearRect(0,0,cv.width,cv.height);g.font='12px sans-serif';
                  g.fillStyle='#222';const step=Math.pow(10,Math.floor(Math.log10((v1-v0)/5)));
                  for(let t=Math.ceil(v0/step)*step;t<v1;t+=step){const x=X(t);g.fillStyle='#eee';
                    g.fillRect(x,TOP,1,cv.height-TOP);g.fillStyle='#555';g.fillText(((t-t0)/1000).toFixed(3)+' s',x+2,14);}
                  lanes.forEach((l,i)=>{const y=TOP+i*LH;g.fillStyle=i%2?'#fafafa':'#f2f2f2';
                    g.fillRect(LEFT,y,cv.width-LEFT,LH);g.fillStyle='#222';
                    g.fillText(l.worker+' ('+(100*l.busy).toFixed(0)+'% busy)',4,y+LH/2+4);
                    l.jobs.forEach(j=>{const q=X(ms(j.queued)),s=X(ms(j.started)),f=Math.max(X(ms(j.finished)),s+1);
                      g.fillStyle='rgba(0,0,0,0.08)';g.fillRect(q,y+LH/2-2,Math.max(0,s-q),4);
                      g.fillStyle=col(j);g.fillRect(s,y+4,f-s,LH-8);});});
                  document.getElementById('span').textContent='showing '+((v1-v0)/1000).toFixed(3)+' s';}
                function hit(ev){const r=cv.getBoundingClientRect(),x=(ev.clientX-r.left)*cv.width/r.width,
                  y=(ev.clientY-r.top)*cv.height/r.height,i=Math.floor((y-TOP)/LH);if(i<0||i>=lanes.length)return null;
                  return lanes[i].jobs.find(j=>x>=X(ms(j.started))&&x<=Math.max(X(ms(j.finished)),X(ms(j.started))+1));}
                cv.onmousemove=ev=>{if(drag){const r=cv.getBoundingClientRect(),dt=(ev.clientX-drag)*(v1-v0)/r.width;
                  v0-=dt;v1-=dt;drag=ev.clientX;draw();return;}const j=hit(ev);if(!j){tip.style.display='none';return;}
                  tip.style.display='block';tip.style.left=(ev.clientX+12)+'px';tip.style.top=(ev.clientY+12)+'px';
                  tip.textContent=j.id+'\\n'+j.kind+'  '+j.state+'  attempts '+j.attempts+'\\nqueued   '+j.queued+
                  '\\nstarted  '+j.started+'\\nfinished '+j.finished+'\\nran '+((ms(j.finished)-ms(j.started))/1000).toFixed(3)+
                  ' s, waited '+((ms(j.started)-ms(j.queued))/1000).toFixed(3)+' s';};
                cv.onmouseleave=()=>{tip.style.display='none';drag=null;};
                cv.onmousedown=ev=>{drag=ev.clientX;};cv.onmouseup=()=>{drag=null;};
                cv.ondblclick=()=>{v0=t0;v1=t1;draw();};
                cv.onwheel=ev=>{ev.preventDefault();const r=cv.getBoundingClientRect(),
                  x=(ev.clientX-r.left)*cv.width/r.width,t=v0+(x-LEFT)/(cv.width-LEFT-10)*(v1-v0),
                  k=ev.deltaY>0?1.25:0.8;v0=t-(t-v0)*k;v1=t+(v1-t)*k;draw();};
                document.getElementById('by').onchange=e=>{by=e.target.value;legend();draw();};
                legend();draw();
                </script></body></html>
                """.replace("__DATA__", data);
    }
}
